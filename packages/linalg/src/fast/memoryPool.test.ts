import test from 'ava';
import { CsrMatrix, giveBackMemory, Random, randomizedSvd, takeMemory, wasmSimdSupported } from '../index.js';

const PAGE = 65536;

test('a memory given back is taken again, zeroed over the bytes asked, when it is large enough', (t) => {
  const first = takeMemory(3 * PAGE, false);
  t.is(first.buffer.byteLength, 3 * PAGE);
  new Uint8Array(first.buffer).fill(7);
  giveBackMemory(first);
  const again = takeMemory(2 * PAGE + 1, false);
  t.is(again, first);
  t.true(
    new Uint8Array(again.buffer, 0, 3 * PAGE).every((b) => b === 0),
    'the pages asked for are zero',
  );
  // Taken: the pool no longer holds it.
  t.not(takeMemory(PAGE, false), first);
});

test('only the chunks the last owner wrote are cleared: scattered bytes are zeroed, untouched pages stay unmapped', (t) => {
  const bytes = 512 * PAGE; // 32 MiB
  const first = takeMemory(bytes, false);
  const view = new Uint8Array(first.buffer);
  // One byte in the middle, at the end and at the start of chunks spread over the first MiB only.
  for (const at of [5, 4095, 4096, 70_000, 1_048_575]) view[at] = 1;
  giveBackMemory(first);
  const before = process.memoryUsage().rss;
  const again = takeMemory(bytes, false);
  const grew = process.memoryUsage().rss - before;
  t.is(again, first);
  const words = new Uint32Array(again.buffer, 0, bytes / 4);
  let nonZero = 0;
  for (let i = 0; i < words.length; i++) if (words[i] !== 0) nonZero++;
  t.is(nonZero, 0, 'every byte asked for is zero');
  // Filling all 32 MiB would make them resident; clearing the written chunks touches a few KiB.
  t.true(grew < 8 * 2 ** 20, `resident memory grew by ${(grew / 2 ** 20).toFixed(1)} MiB`);
});

test('a spare too small grows in place; one of the other kind is not used', (t) => {
  const small = takeMemory(PAGE, false);
  new Uint8Array(small.buffer).fill(9);
  giveBackMemory(small);
  const larger = takeMemory(3 * PAGE, false);
  t.is(larger, small);
  t.is(larger.buffer.byteLength, 3 * PAGE);
  t.true(
    new Uint8Array(larger.buffer).every((b) => b === 0),
    'the old page zeroed, the new ones zero',
  );
  giveBackMemory(larger);
  const shared = takeMemory(PAGE, true);
  t.not(shared, larger);
  t.true(shared.buffer instanceof SharedArrayBuffer);
  t.is(takeMemory(PAGE, false), larger, 'the private spare is still there for a private memory');
});

test('randomizedSvd gives its memory back for the next engine', (t) => {
  if (!wasmSimdSupported()) {
    t.pass('no WebAssembly SIMD here: the SVD runs on plain arrays');
    return;
  }
  const random = new Random(1);
  const dense: number[][] = [];
  for (let i = 0; i < 300; i++)
    dense.push(Array.from({ length: 80 }, () => (random.next() < 0.1 ? random.next() : 0)));
  takeMemory(PAGE, false); // empty the private spare
  const { s } = randomizedSvd(CsrMatrix.fromDense(dense), 5, { threads: 1 });
  t.is(s.length, 5);
  const next = takeMemory(PAGE, false);
  t.true(next.buffer.byteLength > PAGE, `the SVD's memory (${next.buffer.byteLength} bytes) was reused`);
  t.true(new Uint8Array(next.buffer, 0, PAGE).every((b) => b === 0));
});
