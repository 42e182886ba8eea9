import test from 'ava';
import { chooseThreads, SMALL_WORK } from './chooseThreads.js';

test('two threads only for wasm, enough work and an idle core', (t) => {
  t.is(chooseThreads(SMALL_WORK, true, 2, 0.3), 2);
  t.is(chooseThreads(SMALL_WORK - 1, true, 2, 0.3), 1, 'small work');
  t.is(chooseThreads(SMALL_WORK, false, 2, 0.3), 1, 'js backend');
  t.is(chooseThreads(SMALL_WORK, true, 1, 0), 1, 'one core');
  t.is(chooseThreads(SMALL_WORK, true, 2, 1.5), 1, 'every core taken');
  t.is(chooseThreads(SMALL_WORK, true, 4, 2.9), 2, 'a core to spare on four');
  t.is(chooseThreads(SMALL_WORK * 100, true, 2, 60), 1, 'loaded machine');
  // k = 10 on en.jsonl: (330,480 + 46,768·10)·10 ≈ 8 M multiply-adds, measured not to pay; k = 50 (133 M) pays.
  t.is(chooseThreads(8_000_000, true, 2, 0.3), 1, 'k = 10 on en.jsonl');
  t.is(chooseThreads(133_000_000, true, 2, 0.3), 2, 'k = 50 on en.jsonl');
});
