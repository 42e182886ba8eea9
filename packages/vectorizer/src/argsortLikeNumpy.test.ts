import { readFileSync } from 'node:fs';
import test from 'ava';
import { argsortLikeNumpy, heapsortRange } from './argsortLikeNumpy.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/tfidf.json', import.meta.url), 'utf8')) as {
  argsort: { keys: number[]; order: number[] }[];
  heapsort: { keys: number[]; order: number[] }[];
};

test('breaks ties exactly as numpy 1.24 argsort does', (t) => {
  for (const { keys, order } of fixture.argsort) {
    t.deepEqual(Array.from(argsortLikeNumpy(Float64Array.from(keys), new Int32Array(keys.length))), order);
  }
});

test('its heapsort fallback breaks ties as numpy argsort(kind="heapsort") does', (t) => {
  for (const { keys, order } of fixture.heapsort) {
    const ours = Int32Array.from({ length: keys.length + 5 }, (_, i) => i - 5);
    heapsortRange(Float64Array.from(keys), ours, 5, keys.length);
    t.deepEqual(Array.from(ours.subarray(5)), order);
  }
});

test('sorts: the keys it orders are non-decreasing and every index appears once', (t) => {
  const keys = Float64Array.from({ length: 5000 }, (_, i) => (i * 7919) % 101);
  const order = argsortLikeNumpy(keys, new Int32Array(keys.length));
  for (let i = 1; i < order.length; i++) t.true(keys[order[i - 1]] <= keys[order[i]]);
  t.is(new Set(order).size, keys.length);
});

test('empty and single-element inputs', (t) => {
  t.deepEqual(Array.from(argsortLikeNumpy(new Float64Array(0), new Int32Array(0))), []);
  t.deepEqual(Array.from(argsortLikeNumpy(Float64Array.of(3), new Int32Array(1))), [0]);
});
