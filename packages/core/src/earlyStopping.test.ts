import test from 'ava';
import { from, lastValueFrom, tap, toArray } from 'rxjs';
import type { BatchEvent, EpochEvent, PipelineEvent } from './events.js';
import { earlyStopping, isRivuletError } from './index.js';

const epoch = (n: number, relativeChange: number): EpochEvent => ({
  type: 'epoch',
  epoch: n,
  loss: 1,
  relativeChange,
  elapsedMs: 0,
});
const batch = (step: number, loss: number, batchSize = 4): BatchEvent => ({
  type: 'batch',
  step,
  batchSize,
  loss,
  elapsedMs: 0,
});
/** The index of the event after which the rule fires, or undefined when it never does. */
async function firesAt(rule: ReturnType<typeof earlyStopping>, events: PipelineEvent[]) {
  let seen = -1;
  const fired = await lastValueFrom(rule(from(events).pipe(tap(() => seen++))).pipe(toArray()));
  return fired.length === 0 ? undefined : seen;
}

test('epoch events: stops after patience epochs in a row below minRelativeChange; a good epoch resets', async (t) => {
  const rule = earlyStopping({ minRelativeChange: 0.01, patience: 2 });
  t.is(await firesAt(rule, [epoch(1, 0.5), epoch(2, 0.001), epoch(3, 0.2), epoch(4, 0.001), epoch(5, 0)]), 4);
  t.is(await firesAt(rule, [epoch(1, 0.5), epoch(2, 0.001), epoch(3, 0.2)]), undefined);
});

test('batch events: a smoothed batch cost that makes no new minimum for patience steps stops (scikit-learn max_no_improvement)', async (t) => {
  // Per-row costs loss²/4: 4, 1, 2.25, 1, 4 with smoothing 1 (no averaging): the minimum 1 at step 2 is
  // not beaten by steps 3, 4 (equal is no improvement), 5.
  const rule = earlyStopping({ minRelativeChange: 0, patience: 3, smoothing: 1 });
  const events = [batch(1, 4), batch(2, 2), batch(3, 3), batch(4, 2), batch(5, 4), batch(6, 0.1)];
  t.is(await firesAt(rule, events), 4);
  // A step that beats the best by less than minRelativeChange of it is no improvement either.
  const strict = earlyStopping({ minRelativeChange: 0.5, patience: 1, smoothing: 1 });
  t.is(await firesAt(strict, [batch(1, 2), batch(2, 1.9)]), 1);
  t.is(await firesAt(strict, [batch(1, 2), batch(2, 1)]), undefined);
});

test('batch events are averaged with weight smoothing, so one unusually good batch does not stop training early', async (t) => {
  // Per-row costs 4, 1, 2, 2, 2: raw (smoothing 1), the lucky step 2 is a minimum no later step beats;
  // averaged with 0.1 (4, 3.7, 3.53, 3.38, 3.24) every step is a new minimum.
  const events = [4, 2, Math.SQRT2 * 2, Math.SQRT2 * 2, Math.SQRT2 * 2].map((loss, i) => batch(i + 1, loss));
  t.is(await firesAt(earlyStopping({ minRelativeChange: 0, patience: 2, smoothing: 1 }), events), 3);
  t.is(
    await firesAt(earlyStopping({ minRelativeChange: 0, patience: 2, smoothing: 0.1 }), events),
    undefined,
  );
  t.is(await firesAt(earlyStopping({ minRelativeChange: 0, patience: 2 }), events), undefined, 'default 0.1');
});

test('bad options are invalid-option errors at the call, naming the parameter', (t) => {
  for (const [options, parameter] of [
    [{ minRelativeChange: -1 }, 'minRelativeChange'],
    [{ minRelativeChange: 0, patience: 0 }, 'patience'],
    [{ minRelativeChange: 0, smoothing: 0 }, 'smoothing'],
    [{ minRelativeChange: 0, smoothing: 1.5 }, 'smoothing'],
    [{ minRelativeChange: 0, smoothng: 0.5 }, 'smoothng'],
  ] as const) {
    const error = t.throws(() => earlyStopping(options as never));
    t.true(isRivuletError(error, 'invalid-option'));
    t.is((error as { parameter?: string }).parameter, parameter);
  }
});
