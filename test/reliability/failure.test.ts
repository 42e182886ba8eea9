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
    'random bytes as JSONL: invalid-input',
    'random bytes as JSONL, onError skip: completes, every line skipped',
    'readLines: a 9 MB line without a newline is one document',
    'readJsonl of a directory: io error',
    'missing JSONL file: io error',
  ],
  'unsubscribe-during-result': [
    'unsubscribe during result: trainNmf mu',
    'unsubscribe during result: trainNmf cd',
    'unsubscribe during result: trainSvd',
    'unsubscribe during result: trainOnlineNmf',
    'unsubscribe during result: trainInWorker nmf-mu',
    'unsubscribe during result: trainInWorker nmf-online',
    'unsubscribe during result: container pipeline',
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
    'a model whose parts do not fit: invalid-input, nothing written',
    'overwriting with a bad model keeps the old one intact',
    'NaN in settings: refused, nothing written',
    'saving over a plain file: refused, the file untouched, no temporary left',
  ],
  'model-fifo': ['H.f64 is a FIFO: model-format or io, no hang'],
  'read-cancel': ['unsubscribing inside a long line closes the file within 0.5 s'],
  'fast-kernels': [
    'a closed two-thread engine',
    'a two-thread engine dropped without close()',
    'a fastNmfSolver run to convergence',
  ],
  'worker-host-flags': ['trainInWorker from a host run with --max-old-space-size=512 --expose-gc'],
  limits: [
    'nmf mu, random start: 1e6 × 1e6 with 1 non-zero, components 1000 (W and H: 8 GB each)',
    'nmf cd, default start: 1e6 × 1e6 with 1 non-zero, components 1000 (W and H: 8 GB each)',
    'svd: 1e6 × 1e6 with 1 non-zero, components 1000 (W and H: 8 GB each)',
    'online nmf: 1e6 × 1e6 with 1 non-zero, components 1000 (W and H: 8 GB each)',
    'nmf in a worker: 1e6 × 1e6 with 1 non-zero, components 1000 (W and H: 8 GB each)',
    'pairwiseCosine of 200 000 rows (320 GB)',
    'similarityIndex(…).pairwise() of 200 000 rows',
    'the similarity operator: pairwise() of 200 000 rows',
  ],
  'worker-failures': [
    'bad options inside the worker: worker error with an invalid-option cause',
    'NaN data in the worker: worker error with an invalid-input cause',
    'an option that cannot cross threads (a function): RivuletError',
    'a crash inside the worker: a worker error, no result',
  ],
};

/** Checks that find a bug (check → the bug); each runs as test.failing until fixed. */
const KNOWN_BUGS: Record<string, string> = {};

/**
 * Virtual-memory caps (KB) per scenario: the limits scenario asks for absurd sizes, and under the cap a
 * missing check ends in the allocator at once instead of taking the machine's memory.
 */
const MEMORY_KB: Record<string, number> = { limits: 4_000_000 };

/** Node flags per scenario: servers commonly run with V8 heap flags, which workers must cope with. */
const NODE_FLAGS: Record<string, string[]> = {
  'worker-host-flags': ['--max-old-space-size=512', '--expose-gc'],
};

const runs = new Map<string, Promise<ScenarioRun>>();
const runOnce = (name: string) => {
  let run = runs.get(name);
  if (run === undefined) {
    run = runScenario(name, 120_000, MEMORY_KB[name], NODE_FLAGS[name]);
    runs.set(name, run);
  }
  return run;
};

for (const [scenario, checks] of Object.entries(SCENARIOS)) {
  test(`${scenario}: the process exits on its own, nothing leaked`, async (t) => {
    const run = await runOnce(scenario);
    t.true(run.exited, `the scenario process did not exit within 120 s (a leaked handle?)\n${run.stderr}`);
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
