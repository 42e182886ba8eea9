/**
 * Failure handling, each scenario in its own Node process (scenarios.ts) that must exit on its own: a
 * source that errors mid-way, unsubscribing during the `result` event, damaged model directories, and
 * failures inside worker threads. Every check ends in a defined state with a clear error, and
 * `process.getActiveResourcesInfo()` shows nothing left behind.
 */
import test from 'ava';
import { runScenario, type ScenarioRun } from './runScenario.js';

/** The checks each scenario reports (kept here so every check is its own test). */
const SCENARIOS: Record<string, readonly string[]> = {
  'source-errors': [
    'source error reaches the subscriber: plain operators',
    'source error reaches the subscriber: container pipeline',
    'source error reaches the subscriber: streaming (hashing + online NMF)',
    'malformed JSONL line mid-file: invalid-input, no matrix',
    'missing JSONL file: io error',
  ],
  'unsubscribe-during-result': [
    'unsubscribe during result: trainNmf mu',
    'unsubscribe during result: trainNmf cd',
    'unsubscribe during result: trainSvd',
    'unsubscribe during result: trainOnlineNmf',
    'unsubscribe during result: trainInWorker nmf-mu',
    'unsubscribe during result: trainInWorker nmf-online',
    'unsubscribe mid-training in a worker',
  ],
  'model-files': [
    'a saved model loads back equal',
    'truncated H.f64: model-format',
    'empty model.json: model-format',
    'model.json cut in half: model-format',
    'a vocabulary term edited: model-format (checksum)',
    'a byte of H.f64 flipped: model-format (checksum)',
    'H.f64 with extra bytes: model-format',
    'another format version: model-format',
    'a __proto__ key in model.json: model-format',
    'no prototype pollution from model.json',
    'a constructor key in model.json: model-format',
    'a binary file path in model.json: model-format',
    'a missing directory: io',
    'a missing H.f64: io',
    'H.f64 is a directory: io or model-format',
    'a directory without model.json (interrupted copy): io',
  ],
  'model-fifo': ['H.f64 is a FIFO: model-format or io, no hang'],
  'worker-failures': [
    'bad options inside the worker: worker error with an invalid-option cause',
    'NaN data in the worker: worker error with an invalid-input cause',
    'an option that cannot cross threads (a function): RivuletError',
    'a crash inside the worker: a worker error, no result',
  ],
};

/** Checks that find a bug (check → the bug); each runs as test.failing until fixed. */
const KNOWN_BUGS: Record<string, string> = {
  'H.f64 is a FIFO: model-format or io, no hang':
    'loadModel reads binary files with readFile without checking they are regular files of the expected size: a FIFO blocks it forever (a huge or endless file, e.g. a link to /dev/zero, would be read whole); decomposition/src/model/loadModel.ts readBytes should stat first',
  'an option that cannot cross threads (a function): RivuletError':
    "trainInWorker passes postMessage's DataCloneError through unchanged (not a RivuletError, names no option); decomposition/src/worker/trainInWorker.ts should wrap it as invalid-option",
};

const runs = new Map<string, Promise<ScenarioRun>>();
const runOnce = (name: string) => {
  let run = runs.get(name);
  if (run === undefined) {
    run = runScenario(name);
    runs.set(name, run);
  }
  return run;
};

for (const [scenario, checks] of Object.entries(SCENARIOS)) {
  test(`${scenario}: the process exits on its own, nothing leaked`, async (t) => {
    const run = await runOnce(scenario);
    t.true(run.exited, `the scenario process did not exit within 60 s (a leaked handle?)\n${run.stderr}`);
    t.is(run.code, 0, run.stderr);
    t.truthy(run.report, `no report; stderr: ${run.stderr}`);
    t.deepEqual(run.report?.leaked, [], 'active resources left behind');
    t.deepEqual(Object.keys(run.report?.checks ?? {}).sort(), [...checks].sort(), 'the checks that ran');
  });
  for (const check of checks) {
    const bug = KNOWN_BUGS[check];
    (bug === undefined ? test : test.failing)(`${scenario}: ${check}`, async (t) => {
      if (bug !== undefined) t.log(`known bug: ${bug}`);
      const run = await runOnce(scenario);
      t.is(run.report?.checks[check], null);
    });
  }
}
