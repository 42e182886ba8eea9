import test from 'ava';
import fc from 'fast-check';
import { TopKHeap } from './TopKHeap.js';

test('keeps the k best (score desc, index asc) of any sequence, in order', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 60 }),
      fc.integer({ min: 0, max: 70 }),
      (scores, k) => {
        const heap = new TopKHeap(k);
        for (let i = 0; i < scores.length; i++) heap.push(i, scores[i]);
        const want = scores
          .map((s, i) => ({ i, s }))
          .sort((a, b) => b.s - a.s || a.i - b.i)
          .slice(0, k);
        const got = heap.drain(undefined);
        return (
          heap.size === 0 &&
          got.length === want.length &&
          got.every((n, p) => n.index === want[p].i && n.score === want[p].s)
        );
      },
    ),
  );
  t.pass();
});

test('a capacity of 0 keeps nothing; ids name the neighbours', (t) => {
  const empty = new TopKHeap(0);
  empty.push(0, 1);
  t.deepEqual(empty.drain(undefined), []);
  const heap = new TopKHeap(2);
  heap.push(0, 0.5);
  heap.push(1, 0.9);
  heap.push(2, 0.7);
  t.deepEqual(heap.drain(['a', 'b', 'c']), [
    { index: 1, id: 'b', score: 0.9 },
    { index: 2, id: 'c', score: 0.7 },
  ]);
});
