import {
  type BatchEvent,
  earlyStopping,
  isEvent,
  type ResultEvent,
  type StopRule,
  type TrainingEvent,
} from '@rivulet/core';
import { onlineNmf, trainOnlineNmf } from '@rivulet/decomposition';
import { CsrMatrix } from '@rivulet/linalg';
import test from 'ava';
import { from, lastValueFrom, of, take, tap, toArray } from 'rxjs';

/** 240 documents × 40 terms from three planted topics with a little noise on every entry. */
function corpus(): CsrMatrix {
  const rows: number[][] = [];
  for (let i = 0; i < 240; i++) {
    const topic = i % 3;
    rows.push(
      Array.from(
        { length: 40 },
        (_, j) => (Math.floor(j / 14) === topic ? 3 : 0) + ((i * 31 + j * 17) % 7) / 10,
      ),
    );
  }
  return CsrMatrix.fromDense(rows);
}
const X = corpus();
const options = {
  components: 3,
  batchSize: 20,
  maxEpochs: 500,
  tol: 0,
  maxNoImprovement: null,
  seed: 1,
} as const;
const LIMIT = 500 * 12;

/** The batch step after which `rule` fires on these events (applied to the recorded stream), if any. */
async function firingStep(rule: StopRule, events: TrainingEvent[]): Promise<number | undefined> {
  let last: number | undefined;
  const batches = events.filter(isEvent('batch'));
  const fired = await lastValueFrom(
    rule(from(batches).pipe(tap((e: BatchEvent) => (last = e.step)))).pipe(take(1), toArray()),
  );
  return fired.length === 0 ? undefined : last;
}

/**
 * The run ended by the rule: `lag` is how many steps may follow the one it fired after — one in-thread
 * (the step under way), and in a worker those of the slice under way when the stop message arrives.
 */
async function check(
  t: import('ava').ExecutionContext,
  events: TrainingEvent[],
  rule: StopRule,
  lag = 1,
): Promise<void> {
  const result = events.at(-1) as ResultEvent;
  t.is(result.type, 'result');
  t.true(result.stopped, 'ended by the rule');
  t.false(result.converged);
  const steps = events.filter(isEvent('batch'));
  t.true(steps.length < LIMIT, `stopped early: ${steps.length} steps`);
  const fired = await firingStep(rule, events);
  t.not(fired, undefined);
  const after = steps.length - (fired ?? 0);
  t.true(after >= 0 && after <= lag, `fired after step ${fired}, ${steps.length} steps ran`);
}

test('earlyStopping ends online NMF on its batch events: trainOnlineNmf, in-thread and in a worker', async (t) => {
  const rule = () => earlyStopping({ minRelativeChange: 1e-3, patience: 20 });
  const here = await lastValueFrom(trainOnlineNmf(X, { ...options, stop: rule() }).pipe(toArray()));
  await check(t, here, rule());
  // In a worker the rule runs on the host, on the forwarded events: the same steps, the same factors.
  const there = await lastValueFrom(
    trainOnlineNmf(X, { ...options, stop: rule(), worker: true }).pipe(toArray()),
  );
  await check(t, there, rule(), LIMIT);
  const steps = here.filter(isEvent('batch')).length;
  t.deepEqual(
    there
      .filter(isEvent('batch'))
      .slice(0, steps)
      .map((e) => e.loss),
    here.filter(isEvent('batch')).map((e) => e.loss),
  );
});

test('earlyStopping ends the streaming onlineNmf operator on a stream of batches', async (t) => {
  const rule = () => earlyStopping({ minRelativeChange: 1e-3, patience: 10, smoothing: 0.2 });
  // The same corpus arriving again and again, as a long stream would.
  const stream = of(...Array.from({ length: 200 }, () => X));
  const { maxEpochs: _, tol, ...streaming } = options;
  const events = await lastValueFrom(stream.pipe(onlineNmf({ ...streaming, tol, stop: rule() }), toArray()));
  await check(t, events, rule());
});
