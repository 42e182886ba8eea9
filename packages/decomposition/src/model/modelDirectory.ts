import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { link, lstat, readdir, readFile, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RivuletError } from '@rivulet/core';
import { BINARY_FILES } from './modelFormat.js';
import { MODEL_KIND } from './SavedModel.js';

/**
 * What `saveModel` may touch on disk, and nothing else: the files of the model format, the directories
 * that hold only them, and its own recognisably named scratch entries beside the target
 * (`.<name>.tmp-<pid>-<hex>`, `.<name>.old-<pid>-<hex>`, `.<name>.rivulet-lock`).
 * @internal
 */

/** Every file name a model directory may hold. */
export const MODEL_FILES: ReadonlySet<string> = new Set(['model.json', ...BINARY_FILES]);

/** The largest `model.json` read to recognise a model (a vocabulary of millions of terms fits). */
const MAX_MANIFEST_BYTES = 1 << 30;

/**
 * Whether `path` is a directory Rivulet wrote: a model (`model.json` whose `kind` is `"rivulet-model"`,
 * beside only the format's binary files) or a directory of such models only (one per k, say), nested at
 * most `depth` levels. Symbolic links are never followed and never count as a model.
 */
export async function isModelDirectory(path: string, depth = 2): Promise<boolean> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => undefined);
  if (entries === undefined || entries.length === 0) return false;
  if (entries.some((e) => e.name === 'model.json')) {
    if (!entries.every((e) => e.isFile() && MODEL_FILES.has(e.name))) return false;
    return hasModelMarker(join(path, 'model.json'));
  }
  if (depth === 0 || !entries.every((e) => e.isDirectory())) return false;
  for (const entry of entries) if (!(await isModelDirectory(join(path, entry.name), depth - 1))) return false;
  return true;
}

async function hasModelMarker(path: string): Promise<boolean> {
  try {
    const info = await lstat(path);
    if (!info.isFile() || info.size > MAX_MANIFEST_BYTES) return false;
    const json = JSON.parse(await readFile(path, 'utf8')) as { kind?: unknown };
    return json !== null && typeof json === 'object' && json.kind === MODEL_KIND;
  } catch {
    return false;
  }
}

/**
 * Removes a directory entry by entry, deleting only model files and directories of them: anything else
 * stays (and so does its directory). Never a recursive `rm` of whatever is there.
 * @returns whether the directory is gone
 */
export async function removeModelFiles(path: string, depth = 2): Promise<boolean> {
  let entries: Dirent[];
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isFile() && MODEL_FILES.has(entry.name)) await unlink(child).catch(() => undefined);
    else if (entry.isDirectory() && depth > 0) await removeModelFiles(child, depth - 1);
  }
  return rmdir(path).then(
    () => true,
    () => false,
  );
}

/** Names of the scratch entries beside `target`. */
export function scratchNames(target: string): { lock: string; prefix: string } {
  const name = basename(target);
  return { lock: join(dirname(target), `.${name}.rivulet-lock`), prefix: `.${name}.` };
}

const SCRATCH = /^\.(.+)\.(tmp|old)-(\d+)-[0-9a-f]{12}$/;

/**
 * Tidies what a crashed save of `target` left beside it (call with the lock held, so no live save of
 * `target` owns them): a `.old-*` model whose replacement never arrived (the crash fell between the two
 * renames) is put back at `target`; other `.old-*` and `.tmp-*` directories and lock scratch files are
 * removed, model files only.
 */
export async function recoverLeftovers(target: string): Promise<void> {
  const parent = dirname(target);
  const name = basename(target);
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => [] as Dirent[]);
  for (const e of entries) {
    if (e.isFile() && e.name.startsWith(`.${name}.rivulet-lock-`))
      await unlink(join(parent, e.name)).catch(() => undefined);
  }
  const mine = entries.filter((e) => {
    const m = SCRATCH.exec(e.name);
    return e.isDirectory() && m !== null && m[1] === name;
  });
  let targetExists = (await lstat(target).catch(() => undefined)) !== undefined;
  for (const entry of mine) {
    const path = join(parent, entry.name);
    if (!targetExists && entry.name.includes('.old-') && (await isModelDirectory(path))) {
      await rename(path, target);
      targetExists = true;
      continue;
    }
    await removeModelFiles(path);
  }
}

/**
 * Takes the per-target lock file `.<name>.rivulet-lock` (made by an atomic `link`, holding the pid). A lock
 * whose process has ended is stale and is taken over; a live one means another save is writing `target`.
 * @returns a function that releases the lock
 */
export async function lockTarget(target: string, stage: string): Promise<() => Promise<void>> {
  const { lock } = scratchNames(target);
  for (let attempt = 0; ; attempt++) {
    // Written aside, then linked into place: the lock never exists without its pid.
    const mine = `${lock}-${process.pid}-${randomBytes(6).toString('hex')}`;
    try {
      await writeFile(mine, String(process.pid), { flag: 'wx' });
      await link(mine, lock);
      return () => unlink(lock).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new RivuletError(
          'io',
          stage,
          `cannot lock ${target} for saving (${lock}): ${(error as Error).message}`,
          { parameter: 'dir', cause: error },
        );
      }
    } finally {
      await unlink(mine).catch(() => undefined);
    }
    const owner = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
    // A second collision means another save took the stale lock first.
    if (attempt > 0 || (Number.isSafeInteger(owner) && owner > 0 && isAlive(owner))) {
      throw new RivuletError(
        'io',
        stage,
        `another save is writing ${target} (process ${owner || 'unknown'} holds ${lock}); try again when it has finished`,
        { parameter: 'dir' },
      );
    }
    await unlink(lock).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Where a reader finds the model saved at `target`: `target` itself, or, when it is absent because a save
 * was interrupted between its two renames, the complete old model left in `.<name>.old-*` (the newest).
 */
export async function modelLocation(target: string): Promise<string> {
  if ((await lstat(target).catch(() => undefined)) !== undefined) return target;
  const parent = dirname(target);
  const name = basename(target);
  let best: { path: string; time: number } | undefined;
  for (const entry of await readdir(parent, { withFileTypes: true }).catch(() => [] as Dirent[])) {
    const m = SCRATCH.exec(entry.name);
    if (!entry.isDirectory() || m === null || m[1] !== name || m[2] !== 'old') continue;
    const path = join(parent, entry.name);
    const time = (await lstat(path)).mtimeMs;
    if ((best === undefined || time > best.time) && (await isModelDirectory(path))) best = { path, time };
  }
  return best?.path ?? target;
}
