import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { explorerData } from '@rivulet/view';
import test from 'ava';
import { formatComparison, formatTopics } from './formatTables.js';
import { renderReport } from './renderReport.js';
import type { TopicsRun } from './TopicsRun.js';

const run: TopicsRun = {
  settings: { corpus: 'c.jsonl', components: 2 },
  documents: 3,
  terms: 4,
  nnz: 6,
  components: 2,
  decomposer: 'nmf-cd',
  epochs: 3,
  loss: 0.5,
  converged: true,
  seconds: { read: 0.1, vectorize: 0.1, train: 0.2, total: 0.5 },
  topics: [
    {
      index: 0,
      size: 2,
      coherence: 0.25,
      terms: [
        { term: '<b>&"', weight: 0.8 },
        { term: '微信', weight: 0.4 },
      ],
    },
    { index: 1, size: 1, coherence: null, terms: [{ term: 'fox', weight: 0.3 }] },
  ],
  lossCurve: [0.9, 0.6, 0.5],
};

const explorer = explorerData({
  corpus: {
    matrix: CsrMatrix.fromDense([
      [1, 0, 2, 0],
      [0, 3, 0, 1],
      [1, 1, 1, 1],
    ]),
    vocabulary: ['<b>&"', '微信', 'fox', 'dog'],
    ids: ['a', 'b', 'c'],
  },
  texts: ['first </script> text', 'second', 'third'],
  models: [
    {
      H: DenseMatrix.fromRows([
        [0.8, 0.4, 0.1, 0],
        [0, 0.1, 0.3, 0.2],
      ]),
      W: DenseMatrix.fromRows([
        [1, 0],
        [0, 1],
        [0.5, 0.5],
      ]),
    },
  ],
});

test('the report has one data-epoch point per epoch, every topic, and escapes text', (t) => {
  const html = renderReport([run], explorer, 'title <x>');
  t.is(html.match(/<circle data-epoch="/g)?.length, 3);
  t.true(html.includes('data-epoch="3"'));
  t.is(html.match(/<section class="topic" data-topic="/g)?.length, 2);
  t.true(html.includes('&#60;b&#62;&#38;&#34;'));
  t.false(html.includes('<b>&"'));
  t.true(html.includes('title &#60;x&#62;'));
  // Self-contained: nothing is linked or sourced, the policy forbids any request, and the embedded
  // data cannot close its script element early.
  t.false(/<link|src=|href=|url\(/.test(html));
  t.true(html.includes("default-src 'none'"));
  t.false(html.includes('first </script>'));
  t.true(html.includes('first \\u003c/script> text'));
});

test('a report of several k has the comparison chart and one panel per k', (t) => {
  const other = { ...run, components: 3, loss: 0.4 };
  const twice = explorerData({
    corpus: { matrix: CsrMatrix.fromDense([[1, 1]]), vocabulary: ['a', 'b'], ids: ['x'] },
    models: [
      {
        H: DenseMatrix.fromRows([
          [1, 0],
          [0, 1],
        ]),
        W: DenseMatrix.fromRows([[1, 0]]),
      },
      { H: DenseMatrix.fromRows([[1, 1]]), W: DenseMatrix.fromRows([[1]]), label: 'one' },
    ],
  });
  const html = renderReport([run, other], twice, 't');
  t.is(html.match(/<circle data-k="/g)?.length, 2);
  t.true(html.includes('<rect data-k="2" data-coherence="0.25"'));
  t.is(html.match(/<section class="model" data-model="/g)?.length, 2);
  t.is(html.match(/<button type="button" data-model="/g)?.length, 2);
  t.true(html.includes('>one</button>'));
});

test('the report says so when a decomposer reports no epochs', (t) => {
  const html = renderReport([{ ...run, lossCurve: [] }], explorer, 't');
  t.false(html.includes('data-epoch'));
  t.true(html.includes('reported no epochs'));
});

test('tables show sizes, coherence and weighted terms', (t) => {
  const text = formatTopics(run, 10);
  t.regex(text, /3 documents × 4 terms, 2 topics by nmf-cd: 3 epochs, loss 0\.500000 \(converged\)/);
  t.regex(text, /^ {4}0 {5}2 {2}0\.250 {2}<b>&" 0\.800 · 微信 0\.400$/m);
  t.regex(text, /^ {4}1 {5}1 {4}n\/a {2}fox 0\.300$/m);
  t.regex(text, /mean NPMI coherence 0\.250/);
  const comparison = formatComparison([
    { components: 5, epochs: 10, loss: 2, converged: true, coherence: 0.1, seconds: 1 },
    { components: 10, epochs: 200, loss: 1, converged: false, coherence: null, seconds: 2 },
  ]);
  t.regex(comparison, /components {2}epochs/);
  t.regex(comparison, /200\*/);
  t.regex(comparison, /epoch limit reached/);
});
