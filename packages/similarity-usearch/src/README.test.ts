import { readFileSync } from 'node:fs';
import { DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { usearchIndex } from './index.js';

test('README snippet', (t) => {
  // --- README snippet start ---
  const W = DenseMatrix.fromRows([
    [1, 0],
    [0.9, 0.1],
    [0, 1],
  ]);
  const index = usearchIndex(W, ['a', 'b', 'c']); // same arguments as similarityIndex(W, ids)
  index.query([1, 0.05], 1); // [{ index: 0, id: 'a', score: 0.9987… }]
  index.queryMany(W, 2); // two neighbours for each row of W (each row finds itself first)
  index.topK(0, 1); // [{ index: 1, id: 'b', … }]
  // --- README snippet end ---
  const hit = index.query([1, 0.05], 1);
  t.like(hit, [{ index: 0, id: 'a' }]);
  t.true(Math.abs(hit[0].score - 1 / Math.sqrt(1.0025)) < 1e-12);
  t.deepEqual(
    index.queryMany(W, 2).map((ns) => ns.map((n) => n.id)),
    [
      ['a', 'b'],
      ['b', 'a'],
      ['c', 'b'],
    ],
  );
  t.like(index.topK(0, 1), [{ index: 1, id: 'b' }]);
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
