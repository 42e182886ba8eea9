/** TopicModel: load in a new process, transform new text, find similar documents. */
import 'reflect-metadata';
import { TopicModel } from '@rivulet/model';
import { check, corpus } from './corpus.js';

const [dir] = process.argv.slice(2);
const model = await TopicModel.load(dir);
const weights = await model.transform(['computers and programs', 'love and the moon']);
check(weights.rows === 2 && weights.cols === 5, 'transform gives 2 × 5 topic weights');
const first = corpus()[0].id;
const neighbours = await model.similar(first, 3);
check(
  neighbours.length === 3 && neighbours.every((n) => n.id !== first),
  `similar(${first}) gives 3 other documents`,
);
const byText = await model.similar(corpus()[1].text, 2);
check(byText.length === 2, 'similar(text) goes through transform');
