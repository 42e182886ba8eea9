/**
 * The harness catches what it claims to: a deliberately broken stage hangs, throws synchronously, emits
 * NaN, clamps, or errors without a RivuletError, and each is judged a failure.
 */

import { RivuletError, type Stage } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import test from 'ava';
import { NEVER, type Observable, of, throwError } from 'rxjs';
import type { CheckCase } from './CheckCase.js';
import { type CheckProfile, judge } from './checkPlugin.js';
import { trainingProblems } from './decomposerCases.js';
import { RANK_ONE, scaled } from './inputs.js';
import { runStage, settle } from './runStage.js';

const stage = (apply: (source: Observable<unknown>) => Observable<unknown>): Stage<unknown, unknown> => ({
  name: 'broken',
  apply,
});
const profile: CheckProfile = { baseOptions: {}, signed: false, rowsInResult: true, badOptions: [] };
const expectsError: CheckCase = { name: 'x', source: () => of(1), accept: { errors: ['invalid-input'] } };

test('a stream that never ends is reported as a hang', async (t) => {
  const outcome = await settle(NEVER, 50);
  t.is(outcome.end, 'hang');
  t.deepEqual(judge(expectsError, outcome), ['hung: neither completed nor errored within the time limit']);
});

test('a synchronous throw from apply is a failure even when an error was expected', async (t) => {
  const outcome = await runStage(
    () =>
      stage(() => {
        throw new RivuletError('invalid-input', 'broken', 'thrown from apply instead of the error channel');
      }),
    of(1),
    1000,
  );
  t.is(outcome.end, 'sync-throw');
  t.is(judge(expectsError, outcome).length, 1);
});

test('an error that is not a RivuletError, or of the wrong kind, is a failure', async (t) => {
  const plain = await runStage(
    () => stage(() => throwError(() => new TypeError('x is undefined'))),
    of(1),
    1000,
  );
  t.regex(judge(expectsError, plain)[0], /not a RivuletError/);
  const wrongKind = await runStage(
    () => stage(() => throwError(() => new RivuletError('limit', 'broken', 'too big for this test'))),
    of(1),
    1000,
  );
  t.regex(judge(expectsError, wrongKind)[0], /kind limit/);
});

test('NaN, negative and clamped factors are reported', (t) => {
  const result = (W: number[][], H: number[][], loss: number) => ({
    type: 'result',
    W: DenseMatrix.fromRows(W),
    H: DenseMatrix.fromRows(H),
    loss,
    epochs: 1,
    converged: true,
    stopped: false,
  });
  const rows = [
    [1, 2],
    [2, 4],
  ];
  t.deepEqual(trainingProblems([result([[1], [2]], [[1, 2]], 0)], rows, 2, 1, profile), []);
  t.regex(trainingProblems([result([[Number.NaN], [2]], [[1, 2]], 0)], rows, 2, 1, profile)[0], /NaN/);
  t.regex(trainingProblems([result([[-1], [2]], [[1, 2]], 0)], rows, 2, 1, profile)[0], /-1/);
  t.regex(trainingProblems([result([[1], [2]], [[1, 2]], Number.NaN)], rows, 2, 1, profile)[0], /loss NaN/);
  // All-zero factors with loss 0 on 1e-300-scaled data: the loss is a lie and W·H does not reconstruct A.
  const tiny = scaled(RANK_ONE, 1e-300);
  const zeros = result(
    RANK_ONE.map(() => [0]),
    [[0, 0, 0, 0]],
    0,
  );
  const problems = trainingProblems([zeros], tiny, 4, 1, profile, { rows: RANK_ONE, scale: 1e-300 });
  t.true(
    problems.some((p) => p.includes('values clamped')),
    problems.join('; '),
  );
});
