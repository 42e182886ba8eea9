import test from 'ava';
import { formatSeconds, Progress } from './Progress.js';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, sink: { isTTY, write: (text: string) => out.push(text) } };
}

const epoch = (n: number, elapsedMs: number) => ({
  type: 'epoch' as const,
  epoch: n,
  loss: 10 / n,
  relativeChange: 0.1,
  elapsedMs,
});

test('on a terminal: one line redrawn in place, with a bar, the loss and an ETA bound', (t) => {
  const { out, sink: s } = sink(true);
  const progress = new Progress(s, 0);
  progress.stage('training nmf-cd k=3');
  progress.epoch('training nmf-cd k=3', epoch(50, 5000), 100);
  progress.done('trained');
  t.true(out.every((chunk) => chunk === '\n' || chunk.startsWith('\r\x1b[2K')));
  const bar = out.find((chunk) => chunk.includes('epoch 50/100'));
  t.truthy(bar);
  t.regex(bar!, /\[█{12}░{12}\] epoch 50\/100 loss 0\.200000 ETA ≤ 5\.0 s$/);
  t.is(out.at(-1), '\n');
});

test('elsewhere: plain lines, one per stage and one per tenth of the epoch budget', (t) => {
  const { out, sink: s } = sink(false);
  const progress = new Progress(s);
  progress.stage('reading x.jsonl');
  progress.count('reading', 10, 0.5);
  for (let e = 1; e <= 20; e++) progress.epoch('training', epoch(e, e), 20);
  progress.done('trained');
  t.deepEqual(out, [
    'reading x.jsonl\n',
    'training epoch 1/20 loss 10.0000\n',
    'training epoch 2/20 loss 5.00000\n',
    ...[4, 6, 8, 10, 12, 14, 16, 18, 20].map(
      (e) => `training epoch ${e}/20 loss ${(10 / e).toPrecision(6)}\n`,
    ),
    'trained\n',
  ]);
});

test('quiet progress writes nothing; seconds read naturally', (t) => {
  const progress = new Progress(undefined);
  t.notThrows(() => {
    progress.stage('x');
    progress.epoch('x', epoch(1, 1), 10);
    progress.done('x');
  });
  t.is(formatSeconds(4.24), '4.2 s');
  t.is(formatSeconds(185), '3 min 05 s');
  t.is(formatSeconds(Number.NaN), '?');
});
