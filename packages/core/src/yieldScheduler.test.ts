import test from 'ava';
import { yieldScheduler } from './index.js';

test('yieldScheduler runs work later, lets timers run between reschedules, and cancels on unsubscribe', async (t) => {
  const order: string[] = [];
  yieldScheduler.schedule(() => order.push('work'));
  order.push('sync');
  // A loop that reschedules itself until a timer has fired: it must yield to the timer.
  let timerFired = false;
  setTimeout(() => {
    timerFired = true;
  }, 0);
  let rounds = 0;
  await new Promise<void>((resolve) => {
    yieldScheduler.schedule(function () {
      rounds++;
      if (timerFired) resolve();
      else this.schedule();
    });
  });
  t.deepEqual(order, ['sync', 'work']);
  t.true(timerFired && rounds >= 1);
  let ran = false;
  yieldScheduler
    .schedule(() => {
      ran = true;
    })
    .unsubscribe();
  const delayed = await new Promise<number>((resolve) => {
    const start = Date.now();
    yieldScheduler.schedule(() => resolve(Date.now() - start), 20);
  });
  t.false(ran);
  t.true(delayed >= 15);
  t.is(typeof yieldScheduler.now(), 'number');
});
