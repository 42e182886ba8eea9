/** A tokenizer plugin package (jieba) through the container and a TopicModel. */
import 'reflect-metadata';
import { createContainer, TOKENIZER } from '@rivulet/core';
import { builtInPlugins, TopicModel } from '@rivulet/model';
import { jiebaTokenizerModule } from '@rivulet/tokenizer-jieba';
import { from, lastValueFrom, toArray } from 'rxjs';
import { check, corpus } from './corpus.js';

const tokenizer = createContainer([jiebaTokenizerModule({ stopWords: 'zh' })]).get(TOKENIZER);
const [doc] = await lastValueFrom(
  tokenizer.apply(from([{ id: 'a', text: '启动守护进程与客户端' }])).pipe(toArray()),
);
check(doc.tokens.includes('客户端'), `jieba through the container: ${doc.tokens.join(' ')}`);

const model = await TopicModel.fit(corpus('zh.jsonl'), {
  plugins: [...builtInPlugins(), jiebaTokenizerModule()],
  tokenizer: { name: 'jieba', options: { stopWords: 'zh' } },
  decomposer: { name: 'nmf-cd', options: { components: 3 } },
});
check(model.pipeline.tokenizer?.name === 'jieba', 'TopicModel fitted with the jieba tokenizer plugin');
