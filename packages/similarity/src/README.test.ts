import { readFileSync } from 'node:fs';
import { DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { from, lastValueFrom, toArray } from 'rxjs';
import { cosine, nearestNeighbours, similarityIndex } from './index.js';

test('README snippet', async (t) => {
  // --- README snippet start ---
  // W: documents × components, e.g. the W of nmf()'s result event; one id per row.
  const W = DenseMatrix.fromRows([
    [0.9, 0.1],
    [0.8, 0.2],
    [0.1, 0.9],
  ]);
  const index = similarityIndex(W, ['tea', 'coffee', 'rain']);
  const nearest = index.topK(0, 1); // [{ index: 1, id: 'coffee', score: 0.9910… }]
  const teaRain = index.pairwise().get(0, 2); // 0.2195…
  const forNew = index.query([0.7, 0.3], 2); // a vector not in the index: coffee (0.987…), then tea
  const plain = cosine([1, 0], [1, 1]); // 0.7071…

  // Near-duplicates on a stream: each document is compared with the ones before it.
  const docs = [
    { id: 'a', row: [1, 0] },
    { id: 'b', row: [0, 1] },
    { id: 'a-again', row: [0.99, 0.01] },
  ];
  const found = await lastValueFrom(from(docs).pipe(nearestNeighbours({ k: 1, threshold: 0.99 }), toArray()));
  // found[2]: { id: 'a-again', neighbours: [{ index: 0, id: 'a', score: 0.9999… }] }
  // --- README snippet end ---
  t.like(nearest, [{ index: 1, id: 'coffee' }]);
  t.true(Math.abs(nearest[0].score - 0.74 / Math.sqrt(0.82 * 0.68)) < 1e-12);
  t.true(Math.abs(teaRain - 0.18 / 0.82) < 1e-12);
  t.like(forNew, [
    { index: 1, id: 'coffee' },
    { index: 0, id: 'tea' },
  ]);
  t.true(Math.abs(forNew[0].score - 0.62 / Math.sqrt(0.58 * 0.68)) < 1e-12);
  t.true(Math.abs(plain - Math.SQRT1_2) < 1e-15);
  t.deepEqual(
    found.map((d) => d.neighbours.map((n) => n.id)),
    [[], [], ['a']],
  );
  t.true(found[2].neighbours[0].score > 0.9999);
});

test('the README shows the snippet this file runs', (t) => {
  const source = readFileSync(new URL('../src/README.test.ts', import.meta.url), 'utf8');
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const start = source.indexOf('// --- README snippet start ---\n');
  const end = source.indexOf('  // --- README snippet end ---');
  const body = source
    .slice(source.indexOf('\n', start) + 1, end)
    .split('\n')
    .map((line) => line.replace(/^ {2}/, ''))
    .join('\n');
  t.true(body.length > 100);
  t.true(readme.includes(body), 'README.md must contain the snippet of the README snippet test');
});
