/** TopicModel: fit and save (the next process loads it). */
import 'reflect-metadata';
import { TopicModel } from '@rivulet/model';
import { check, corpus } from './corpus.js';

const [dir] = process.argv.slice(2);
const model = await TopicModel.fit(corpus(), {
  tokenizer: { name: 'default', options: { stopWords: 'en' } },
  vectorizer: { name: 'default', options: { minDf: 2 } },
  decomposer: { name: 'nmf-cd', options: { components: 5 } },
});
await model.save(dir);
check(model.topTerms(5).length === 5, `fitted and saved 5 topics to ${dir}`);
