import { readFileSync } from 'node:fs';
// The snippet imports from the package by name, exactly as the README shows it.
import { tokenSpans } from '@rivulet/tokenizer';
import { FittedVectorizer, fitSpans, vectorize } from '@rivulet/vectorizer';
import test from 'ava';
import { firstValueFrom, from, of } from 'rxjs';

test('README snippet', async (t) => {
  const logs: unknown[][] = [];
  const console = { log: (...values: unknown[]) => logs.push(values) };
  // README snippet start
  const docs = [
    { id: 'a', tokens: ['red', 'fox', 'red'] },
    { id: 'b', tokens: ['red', 'hen'] },
    { id: 'c', tokens: ['lazy', 'fox'] },
  ];
  const fit = await firstValueFrom(from(docs).pipe(vectorize({ weighting: 'tfidf', minDf: 1 })));
  console.log(fit.vocabulary); // [ 'fox', 'hen', 'lazy', 'red' ]
  console.log(fit.matrix.rows, fit.matrix.cols, fit.matrix.nnz); // 3 4 6
  console.log(fit.ids); // [ 'a', 'b', 'c' ]

  // Same vocabulary and idf for new documents; 'owl' was never seen, so it is ignored.
  const next = fit.fitted.transform([{ id: 'd', tokens: ['fox', 'owl'] }]);
  console.log(Array.from(next.matrix.data)); // [ 1 ]

  // A fitted vectorizer round-trips through JSON (the model file stores it).
  const restored = FittedVectorizer.fromJSON(JSON.parse(JSON.stringify(fit.fitted)));
  console.log(restored.vocabulary.length); // 4
  // README snippet end
  t.deepEqual(logs, [[['fox', 'hen', 'lazy', 'red']], [3, 4, 6], [['a', 'b', 'c']], [[1]], [4]]);

  const source = readFileSync(new URL('../src/README.test.ts', import.meta.url), 'utf8');
  const snippet = source
    .slice(source.indexOf('// README snippet start\n') + 24, source.indexOf('  // README snippet end'))
    .replace(/^ {2}/gm, '');
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  t.true(
    readme.includes(
      `import { FittedVectorizer, vectorize } from '@rivulet/vectorizer';\nimport { firstValueFrom, from } from 'rxjs';\n\n${snippet}`,
    ),
    'the README shows this snippet verbatim',
  );
});

test('README fitSpans snippet', async (t) => {
  const logs: unknown[][] = [];
  const console = { log: (...values: unknown[]) => logs.push(values) };
  // README fitSpans snippet start
  const texts = of({ id: 'a', text: 'The red fox, the RED hen.' }, { id: 'b', text: 'A lazy fox' });
  // Tokens are counted from their spans of the text: no string per token, no token array per document.
  const fit = await firstValueFrom(fitSpans(texts, tokenSpans({ stopWords: 'en' }), { weighting: 'count' }));
  console.log(fit.vocabulary); // [ 'fox', 'hen', 'lazy', 'red' ]
  console.log(Array.from(fit.matrix.data)); // [ 1, 1, 2, 1, 1 ]
  // README fitSpans snippet end
  t.deepEqual(logs, [[['fox', 'hen', 'lazy', 'red']], [[1, 1, 2, 1, 1]]]);

  const source = readFileSync(new URL('../src/README.test.ts', import.meta.url), 'utf8');
  const snippet = source
    .slice(
      source.indexOf('// README fitSpans snippet start\n') + 33,
      source.indexOf('  // README fitSpans snippet end'),
    )
    .replace(/^ {2}/gm, '');
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  t.true(
    readme.includes(
      `import { tokenSpans } from '@rivulet/tokenizer';\nimport { fitSpans } from '@rivulet/vectorizer';\nimport { firstValueFrom, of } from 'rxjs';\n\n${snippet}`,
    ),
    'the README shows this snippet verbatim',
  );
});
