import { isRivuletError, textSnippet } from '@rivulet/core';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { classicalMds, explorerData, jensenShannonDistance, renderExplorer } from '@rivulet/view';
import test from 'ava';
import fc from 'fast-check';

const corpus = {
  matrix: CsrMatrix.fromDense([
    [4, 0, 1, 0, 0],
    [3, 1, 0, 0, 0],
    [0, 0, 0, 2, 1],
    [0, 0, 1, 3, 2],
  ]),
  vocabulary: ['river', 'rare', 'flow', '主题', '模型'],
  ids: ['d0', 'd1', 'd2', 'd3'],
};
const H = DenseMatrix.fromRows([
  [0.9, 0.05, 0.05, 0, 0],
  [0, 0, 0.1, 0.5, 0.4],
]);
const W = DenseMatrix.fromRows([
  [1, 0],
  [0.8, 0.1],
  [0, 1],
  [0.1, 0.9],
]);

test('each topic embeds p(w|t), the corpus share p(w) and an estimate bounded by the corpus total', (t) => {
  const data = explorerData({ corpus, models: [{ H, W }] });
  const model = data.models[0];
  t.is(model.label, 'k=2');
  t.false(model.signed);
  t.deepEqual(
    model.topics.map((x) => x.size),
    [2, 2],
  );
  const total = 4 + 3 + 1 + 1 + 2 + 1 + 1 + 3 + 2;
  for (const [topic, row] of model.topics.map((x, i) => [x, i] as const)) {
    let sum = 0;
    for (const [index, pwt, freq] of topic.terms) {
      const column = corpus.vocabulary.indexOf(data.terms[index]);
      t.is(pwt, H.get(row, column)); // each row of H sums to 1 here
      t.true(freq <= data.termTotal[index] + 1e-9);
      t.is(data.termShare[index], Number((data.termTotal[index] / total).toPrecision(4)));
      sum += pwt;
    }
    t.true(sum <= 1 + 1e-9);
  }
  // A term only one topic uses is all that topic's: its estimate is the corpus total.
  const river = data.terms.indexOf('river');
  const entry = model.topics[0].terms.find(([index]) => index === river);
  t.is(entry?.[2], 7);
  // Topic 1 does not use "river": it never ranks there.
  t.false(model.topics[1].terms.some(([index]) => index === river));
});

test('the embedded terms include the top terms at λ = 1 (frequency) and at λ = 0 (lift)', (t) => {
  const vocabulary = Array.from({ length: 200 }, (_, j) => `w${j}`);
  const rows = Array.from({ length: 30 }, (_, i) =>
    Array.from({ length: 200 }, (_, j) => ((i * 7 + j * 13) % 11 === 0 ? 1 + ((i + j) % 5) : 0)),
  );
  const matrix = CsrMatrix.fromDense(rows);
  const h = DenseMatrix.fromRows([
    Array.from({ length: 200 }, (_, j) => 1 / (1 + j)),
    Array.from({ length: 200 }, (_, j) => (j % 3) / (1 + j)),
  ]);
  const w = DenseMatrix.fromRows(rows.map((_, i) => [1 + (i % 3), 1 + (i % 2)]));
  const ids = rows.map((_, i) => `doc${i}`);
  const n = 5;
  const data = explorerData({
    corpus: { matrix, vocabulary, ids },
    models: [{ H: h, W: w }],
    relevantTerms: n,
  });
  const totals = new Float64Array(200);
  for (const row of rows) for (let j = 0; j < row.length; j++) totals[j] += row[j];
  const grand = totals.reduce((a, b) => a + b, 0);
  for (let topic = 0; topic < 2; topic++) {
    const row = h.data.subarray(topic * 200, (topic + 1) * 200);
    const sum = row.reduce((a, b) => a + b, 0);
    const used = Array.from(row.keys()).filter((j) => row[j] > 0 && totals[j] > 0);
    const embedded = new Set(data.models[0].topics[topic].terms.map(([index]) => data.terms[index]));
    for (const lambda of [0, 0.5, 1]) {
      const score = (j: number) =>
        lambda * Math.log(row[j] / sum) + (1 - lambda) * Math.log(row[j] / sum / (totals[j] / grand));
      const top = [...used].sort((a, b) => score(b) - score(a) || a - b).slice(0, n);
      for (const j of top) t.true(embedded.has(`w${j}`), `topic ${topic} λ=${lambda} w${j}`);
    }
    t.true(embedded.size <= 11 * n);
  }
});

test('a large corpus is sampled evenly, with snippets, and the page says so', (t) => {
  const rows = 10;
  const matrix = CsrMatrix.fromDense(Array.from({ length: rows }, (_, i) => [1 + i, 1]));
  const ids = Array.from({ length: rows }, (_, i) => `id${i}`);
  const texts = ids.map((id) => `${id}  text\nwith  spaces ${'长'.repeat(30)}`);
  const data = explorerData({
    corpus: { matrix, vocabulary: ['a', 'b'], ids },
    texts,
    models: [
      {
        H: DenseMatrix.fromRows([[1, 1]]),
        W: DenseMatrix.fromRows(Array.from({ length: rows }, () => [2])),
      },
    ],
    maxDocuments: 4,
    snippetLength: 20,
  });
  t.deepEqual(data.documents.rows, [0, 2, 5, 7]);
  t.deepEqual(data.documents.ids, ['id0', 'id2', 'id5', 'id7']);
  t.is(data.documents.snippets?.[1], textSnippet(texts[2], 20));
  t.is(data.documents.snippets?.[1], 'id2 text with spaces…');
  t.deepEqual(data.models[0].mixtures, [[1000], [1000], [1000], [1000]]);
  const html = renderExplorer(data, { title: 't' });
  t.regex(html, /embeds 4 of the 10 documents/);
  t.true(html.includes('data-shown="4" data-total="10"'));
  const all = explorerData({
    corpus: { matrix, vocabulary: ['a', 'b'], ids },
    models: [{ H: DenseMatrix.fromRows([[1, 1]]), W: DenseMatrix.fromRows(ids.map(() => [2])) }],
  });
  t.is(all.documents.rows.length, rows);
  t.is(all.documents.snippets, null);
  t.false(renderExplorer(all, { title: 't' }).includes('class="sample"'));
});

test('signed topics (SVD) keep their heaviest weights and draw no map', (t) => {
  const data = explorerData({
    corpus,
    models: [
      {
        H: DenseMatrix.fromRows([
          [1, -2, 0.5, 0, 0],
          [0, 0, 0, 1, -1],
        ]),
        W,
      },
    ],
    relevantTerms: 2,
  });
  const model = data.models[0];
  t.true(model.signed);
  t.deepEqual(
    model.topics[0].terms.map(([index, weight]) => [data.terms[index], weight]),
    [
      ['river', 1],
      ['flow', 0.5],
    ],
  );
  t.true(model.topics.every((topic) => topic.x === 0 && topic.y === 0));
});

test('bad input is refused naming the parameter', (t) => {
  const refused = (input: unknown, parameter: string) => {
    const error = t.throws(() => explorerData(input as never));
    t.true(isRivuletError(error), String(error));
    t.is((error as { parameter?: string }).parameter, parameter, String(error));
  };
  refused({ corpus, models: [] }, 'models');
  refused({ corpus: { vocabulary: [] }, models: [{ H, W }] }, 'corpus');
  refused({ corpus, models: [{ H: DenseMatrix.fromRows([[1, 2]]), W }] }, 'models[0].H');
  refused({ corpus, models: [{ H, W: DenseMatrix.fromRows([[1, 0]]) }] }, 'models[0].W');
  refused({ corpus, texts: ['one'], models: [{ H, W }] }, 'texts');
  refused({ corpus, models: [{ H, W }], maxDocuments: 0 }, 'maxDocuments');
  refused({ corpus, models: [{ H, W }], colour: 'red' }, 'colour');
  t.throws(() => renderExplorer(explorerData({ corpus, models: [{ H, W }] }), { title: 't', lambda: 2 }), {
    message: /lambda/,
  });
});

test('Jensen–Shannon distance: zero on equal distributions, symmetric, at most √ln 2', (t) => {
  const distribution = fc
    .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 })
    .filter((v) => v.reduce((a, b) => a + b, 0) > 1e-6)
    .map((v) => {
      const sum = v.reduce((a, b) => a + b, 0);
      return v.map((x) => x / sum);
    });
  fc.assert(
    fc.property(distribution, distribution, (p, q) => {
      const d = jensenShannonDistance(p, q);
      return (
        Math.abs(d - jensenShannonDistance(q, p)) < 1e-12 &&
        d >= 0 &&
        d <= Math.sqrt(Math.LN2) + 1e-12 &&
        jensenShannonDistance(p, p) < 1e-7
      );
    }),
  );
  t.true(Math.abs(jensenShannonDistance([1, 0], [0, 1]) - Math.sqrt(Math.LN2)) < 1e-12);
  // A subnormal probability (NMF's multiplicative updates leave some) must not make the distance infinite.
  t.true(Number.isFinite(jensenShannonDistance([Number.MIN_VALUE, 1], [0, 1])));
});

test('classical scaling recovers a planar configuration up to rotation', (t) => {
  const points = [
    [0, 0],
    [3, 0],
    [0, 4],
    [3, 4],
    [1, 1],
  ];
  const n = points.length;
  const distances = new DenseMatrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      distances.set(i, j, Math.hypot(points[i][0] - points[j][0], points[i][1] - points[j][1]));
  const placed = classicalMds(distances);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const d = Math.hypot(placed[i][0] - placed[j][0], placed[i][1] - placed[j][1]);
      t.true(Math.abs(d - distances.get(i, j)) < 1e-9, `${i}–${j}`);
    }
  t.deepEqual(classicalMds(new DenseMatrix(1, 1)), [[0, 0]]);
  const two = classicalMds(
    DenseMatrix.fromRows([
      [0, 2],
      [2, 0],
    ]),
  );
  t.true(Math.abs(Math.hypot(two[0][0] - two[1][0], two[0][1] - two[1][1]) - 2) < 1e-12);
});
