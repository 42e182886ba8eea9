/**
 * Reusable check families for anything that reads or writes files (issue 10): special files, outputs
 * that meet inputs, directories that must never be deleted, and crash windows. Each family registers
 * one ava test per case against an adapter the caller supplies, so a new reader, writer or command (a
 * NATS source's file fallback, a model object's `load`/`save`, a local server's upload path) is run
 * through the same cases by one call. See README.md, "File safety checks".
 */

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { link, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRivuletError } from '@rivulet/core';
import type { TestFn } from 'ava';
import { killWhenReady } from './runScenario.js';

/**
 * What an attempt came to: `refused` with the one-line `message` a user sees, or accepted. Adapters turn
 * a library call (`fromLibrary`) or a command run (`fromCommand`) into this.
 */
export interface Verdict {
  readonly refused: boolean;
  readonly message: string;
}

/** A library call: refused when it throws or rejects with a `RivuletError` (any other error fails). */
export async function fromLibrary(call: () => unknown): Promise<Verdict> {
  try {
    await call();
    return { refused: false, message: '' };
  } catch (error) {
    if (!isRivuletError(error)) return { refused: false, message: `not a RivuletError: ${String(error)}` };
    return { refused: true, message: error.message };
  }
}

/**
 * A command run as a child process: refused when it exits 1 or 2 with one `rivulet: …` line on stderr
 * (other output, a crash, or a kill by the timeout is not a refusal).
 */
export async function fromCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<Verdict> {
  // Two at a time: dozens of processes starting at once on a small machine would time out, not hang.
  while (running >= 2) await new Promise<void>((wake) => waiting.push(wake));
  running++;
  try {
    return await runCommand(command, args, options);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

let running = 0;
const waiting: (() => void)[] = [];

function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number },
): Promise<Verdict> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      if (stderr.length < 1 << 16) stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const lines = stderr.trimEnd().split('\n');
      const clean = (code === 1 || code === 2) && lines.length === 1 && lines[0].startsWith('rivulet: ');
      resolve({
        refused: clean,
        message: clean ? lines[0] : `exit ${code}; stderr: ${stderr.slice(0, 500)}`,
      });
    });
  });
}

type Attempt = (path: string) => Promise<Verdict>;

/** A fresh directory, removed after the test. */
async function workspace(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-files-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file under `dir` (links as their target text) with its content: proof that nothing changed. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile()) out[path] = await readFile(path, 'utf8');
    else out[path] = entry.isDirectory() ? '<dir>' : '<other>';
  }
  return out;
}

/** Resolves with the attempt, or with a verdict saying it hung for `ms`. */
async function bounded(attempt: Promise<Verdict>, ms: number): Promise<Verdict> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Verdict>((resolve) => {
    timer = setTimeout(() => resolve({ refused: false, message: `no answer within ${ms} ms (a hang)` }), ms);
  });
  try {
    return await Promise.race([attempt, hang]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------------
// Special files

/** Files a reader must refuse at once, in bounded memory. `name` is what the reader is given. */
export const SPECIAL_FILES: readonly {
  readonly title: string;
  make(dir: string, name: string): Promise<string>;
}[] = [
  {
    title: 'a symbolic link to /dev/zero',
    make: async (dir, name) => link_(dir, name, '/dev/zero'),
  },
  {
    title: 'a symbolic link to /dev/urandom',
    make: async (dir, name) => link_(dir, name, '/dev/urandom'),
  },
  {
    title: 'a symbolic link to /dev/null (a device, even though it is empty)',
    make: async (dir, name) => link_(dir, name, '/dev/null'),
  },
  {
    title: 'a FIFO with no writer',
    make: async (dir, name) => {
      const path = join(dir, name);
      execFileSync('mkfifo', [path]);
      return path;
    },
  },
  {
    title: 'a directory where a file is expected',
    make: async (dir, name) => {
      const path = join(dir, name);
      await mkdir(path);
      return path;
    },
  },
];

async function link_(dir: string, name: string, target: string): Promise<string> {
  const path = join(dir, name);
  await symlink(target, path);
  return path;
}

/**
 * Registers one test per special file: `attempt(path)` must be refused with a one-line message within
 * `timeoutMs` (default 10 s) and without the process growing by more than 256 MB.
 *
 * @example
 * ```ts
 * specialFileChecks(test, 'readLines', 'corpus.txt', (p) => fromLibrary(() => lastValueFrom(readLines(p))));
 * ```
 */
export function specialFileChecks(
  test: TestFn,
  reader: string,
  name: string,
  attempt: Attempt,
  options: { timeoutMs?: number; skip?: readonly string[] } = {},
): void {
  for (const special of SPECIAL_FILES) {
    if (options.skip?.includes(special.title)) continue;
    test(`special files › ${reader}: ${special.title} is refused at once`, async (t) => {
      const path = await special.make(await workspace(t), name);
      const before = process.memoryUsage().rss;
      const verdict = await bounded(attempt(path), options.timeoutMs ?? 10_000);
      const grown = process.memoryUsage().rss - before;
      t.true(verdict.refused, verdict.message);
      t.false(verdict.message.includes('\n'), 'one line');
      t.true(grown < 256 * 2 ** 20, `grew by ${Math.round(grown / 2 ** 20)} MB`);
    });
  }
}

/**
 * A regular file with one line of `length` characters and no newline after it (endless input as far as a
 * line splitter can tell): the reader must refuse it with a message naming the file (line readers: `file:1`).
 */
export function longLineCheck(
  test: TestFn,
  reader: string,
  name: string,
  length: number,
  attempt: Attempt,
): void {
  test(`special files › ${reader}: a line of ${length} characters is a limit error naming file:line`, async (t) => {
    const path = join(await workspace(t), name);
    await writeFile(path, 'x'.repeat(length));
    const verdict = await bounded(attempt(path), 30_000);
    t.true(verdict.refused, verdict.message);
    // A line reader names the line (`path:1:`); a whole-file reader the file.
    t.true(verdict.message.includes(path), verdict.message);
  });
}

// ---------------------------------------------------------------------------------------------------
// Outputs that meet inputs

/** Ways an output can name an input (or hold it) without being spelled the same. */
export const OUTPUT_CLASHES: readonly {
  readonly title: string;
  /** The output path to give for `input` (a file in `dir`). */
  output(dir: string, input: string): Promise<string>;
}[] = [
  { title: 'the same path', output: async (_dir, input) => input },
  {
    title: 'a symbolic link to the input',
    output: async (dir, input) => {
      await symlink(input, join(dir, 'link-to-input'));
      return join(dir, 'link-to-input');
    },
  },
  {
    title: 'a hard link to the input',
    output: async (dir, input) => {
      await link(input, join(dir, 'hard-link'));
      return join(dir, 'hard-link');
    },
  },
  {
    title: 'a ../ detour to the input',
    output: async (dir, input) => {
      await mkdir(join(dir, 'sub'));
      return join(dir, 'sub', '..', input.slice(dir.length + 1));
    },
  },
  { title: 'the directory holding the input', output: async (dir) => dir },
];

/**
 * Registers one test per clash: `run(input, output)` must be refused and leave every file in the
 * workspace as it was. `makeInput(dir)` writes the input and returns its path (a file directly in `dir`).
 */
export function outputClashChecks(
  test: TestFn,
  command: string,
  makeInput: (dir: string) => Promise<string>,
  run: (input: string, output: string) => Promise<Verdict>,
): void {
  for (const clash of OUTPUT_CLASHES) {
    test(`outputs › ${command}: an output that is ${clash.title} is refused, nothing changes`, async (t) => {
      const dir = await workspace(t);
      const input = await makeInput(dir);
      const output = await clash.output(dir, input);
      const before = await snapshot(dir);
      const verdict = await run(input, output);
      t.true(verdict.refused, verdict.message);
      t.deepEqual(await snapshot(dir), before);
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// Directories that must never be deleted

/** Targets a writer of directories must never replace, whatever its force/overwrite flag says. */
export const PRECIOUS_TARGETS: readonly { readonly title: string; make(dir: string): Promise<string> }[] = [
  {
    title: 'a project directory with sources and .git',
    make: async (dir) => {
      const path = join(dir, 'thesis');
      await mkdir(join(path, '.git'), { recursive: true });
      await writeFile(join(path, 'chapter1.tex'), 'years of work');
      await writeFile(join(path, '.git', 'HEAD'), 'ref: refs/heads/main');
      return path;
    },
  },
  {
    title: 'a directory holding one hidden file',
    make: async (dir) => {
      const path = join(dir, 'hidden');
      await mkdir(path);
      await writeFile(join(path, '.env'), 'SECRET=1');
      return path;
    },
  },
  {
    title: 'a directory with model-like files but no Rivulet marker',
    make: async (dir) => {
      const path = join(dir, 'lookalike');
      await mkdir(path);
      await writeFile(join(path, 'model.json'), '{"kind":"someone-else"}');
      await writeFile(join(path, 'H.f64'), 'data');
      return path;
    },
  },
  {
    title: 'a plain file',
    make: async (dir) => {
      const path = join(dir, 'notes.txt');
      await writeFile(path, 'keep me');
      return path;
    },
  },
  {
    title: 'a symbolic link to a project directory',
    make: async (dir) => {
      await mkdir(join(dir, 'real'));
      await writeFile(join(dir, 'real', 'a.txt'), 'keep');
      await symlink(join(dir, 'real'), join(dir, 'link'));
      return join(dir, 'link');
    },
  },
];

/**
 * Registers one test per precious target: `write(target)` (with its strongest replace flag) must be
 * refused and leave the workspace exactly as it was.
 */
export function neverDeleteChecks(
  test: TestFn,
  writer: string,
  write: (target: string) => Promise<Verdict>,
): void {
  for (const target of PRECIOUS_TARGETS) {
    test(`never delete › ${writer}: ${target.title} is refused and untouched`, async (t) => {
      const dir = await workspace(t);
      const path = await target.make(dir);
      const before = await snapshot(dir);
      const verdict = await write(path);
      t.true(verdict.refused, verdict.message);
      t.deepEqual(await snapshot(dir), before);
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// Crash windows

/** A writer that is killed at arbitrary moments and a reader that must always find a whole state. */
export interface CrashWindowSubject {
  /** Starts a process that writes `target` over and over and prints `ready` once the first write is done. */
  spawnWriter(target: string): ChildProcess;
  /** Reads `target`; resolves with a description of a whole state (`version 1`), rejects otherwise. */
  read(target: string): Promise<string>;
  /** One ordinary write after the crashes; afterwards only `target` may be left in its directory. */
  tidy(target: string): Promise<void>;
}

/**
 * Kills the writer with SIGKILL at each of `killAfterMs` after it is ready; after every kill the reader
 * must find a whole state, and an ordinary write afterwards must leave no leftovers beside the target.
 */
export function crashWindowChecks(
  test: TestFn,
  writer: string,
  subject: CrashWindowSubject,
  killAfterMs: readonly number[] = [5, 40, 120, 300, 700],
): void {
  test(`crash windows › ${writer}: killed at ${killAfterMs.join(', ')} ms, a whole state every time, no leftovers`, async (t) => {
    const dir = await workspace(t);
    const target = join(dir, 'target');
    const seen: string[] = [];
    for (const ms of killAfterMs) {
      await killWhenReady(subject.spawnWriter(target), ms);
      seen.push(await subject.read(target).catch((error) => `unreadable: ${String(error)}`));
    }
    t.log(`after each kill: ${seen.join('; ')}`);
    for (const s of seen) t.false(s.startsWith('unreadable'), s);
    await subject.tidy(target);
    t.deepEqual(await readdir(dir), ['target']);
  });
}

/**
 * `count` concurrent writes of one target: each must succeed or be refused with a one-line message (never
 * a raw system error), at least one must succeed, and the target must be readable afterwards.
 */
export function concurrentWriteChecks(
  test: TestFn,
  writer: string,
  prepare: (target: string) => Promise<void>,
  write: (target: string, i: number) => Promise<Verdict>,
  read: (target: string) => Promise<unknown>,
  count = 4,
): void {
  test(`crash windows › ${writer}: ${count} concurrent writes of one target end cleanly`, async (t) => {
    const target = join(await workspace(t), 'target');
    await prepare(target);
    const verdicts = await Promise.all(Array.from({ length: count }, (_, i) => write(target, i)));
    const failed = verdicts.filter((v) => v.refused);
    t.true(failed.length < count, 'at least one write succeeds');
    for (const v of verdicts) {
      if (!v.refused) t.is(v.message, '', v.message);
      else t.notRegex(v.message, /^E[A-Z]+:|ENOENT|ENOTEMPTY/, v.message);
    }
    await t.notThrowsAsync(read(target) as Promise<unknown>);
  });
}
