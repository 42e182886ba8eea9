/**
 * The whole container pipeline (tokenize → vectorize → NMF) on corpora nobody planned for: each ends in
 * a result with finite, non-negative factors or a clear RivuletError, never a crash or a hang.
 */
import { createContainer, type ErrorKind, isRivuletError, PIPELINE } from '@rivulet/core';
import { nmfCdModule, nmfMuModule } from '@rivulet/decomposition';
import { settle } from '@rivulet/testing';
import { tokenizerModule } from '@rivulet/tokenizer';
import { vectorizerModule } from '@rivulet/vectorizer';
import test from 'ava';
import { from } from 'rxjs';

const CORPORA: readonly [string, readonly string[], ErrorKind[] | 'result'][] = [
  ['no documents', [], ['empty-input']],
  ['only empty texts', ['', '', ''], ['empty-input']],
  ['only whitespace and punctuation', ['  \n\t', '!!! ???', '。，、'], ['empty-input']],
  ['only stop words (stopWords en)', ['the and of', 'a an the'], ['empty-input']],
  ['only emoji and control characters', ['👩‍👩‍👧‍👦 🇨🇳', '\u0000\u0001'], ['empty-input']],
  ['one document', ['apple banana cherry'], 'result'],
  ['one word in every document', ['apple', 'apple', 'apple apple'], 'result'],
  ['identical documents', Array.from({ length: 20 }, () => 'apple banana'), 'result'],
  ['lone surrogates and combining marks', ['\uD800abc e\u0301t\u00E9', 'abc \uDFFF été'], 'result'],
  ['mixed scripts', ['微信 支付 apple', 'שלום apple', 'مرحبا 微信'], 'result'],
];

for (const [solver, module] of [
  ['mu', nmfMuModule],
  ['cd', nmfCdModule],
] as const) {
  for (const [name, texts, expected] of CORPORA) {
    test(`pipeline (nmf-${solver}) on ${name}: ${expected === 'result' ? 'a valid result' : expected.join(' or ')}`, async (t) => {
      const rivulet = createContainer([
        tokenizerModule(name.includes('stop words') ? { stopWords: 'en' } : {}),
        vectorizerModule(),
        module({ components: 2, maxEpochs: 50 }),
      ]);
      const docs = texts.map((text, i) => ({ id: `d${i}`, text }));
      const outcome = await settle(rivulet.get(PIPELINE).run(from(docs)), 20_000);
      t.log(outcome.end === 'error' ? String((outcome.error as Error).message) : outcome.end);
      if (expected === 'result') {
        t.is(outcome.end, 'complete');
        if (outcome.end !== 'complete') return;
        const result = outcome.values.find((e) => (e as { type?: string }).type === 'result') as
          | { W: { data: Float64Array }; H: { data: Float64Array }; loss: number }
          | undefined;
        t.truthy(result);
        for (const v of [...(result?.W.data ?? []), ...(result?.H.data ?? [])]) {
          if (!(Number.isFinite(v) && v >= 0)) t.fail(`factor value ${v}`);
        }
        t.true(Number.isFinite(result?.loss));
      } else {
        t.is(outcome.end, 'error');
        if (outcome.end === 'error') {
          t.true(
            expected.some((k) => isRivuletError(outcome.error, k)),
            String(outcome.error),
          );
        }
      }
    });
  }
}
