import { constants, type Stats } from 'node:fs';
import { access, lstat, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isRivuletError, RivuletError } from '@rivulet/core';
import { checkModelTarget } from '@rivulet/decomposition';
import { CLI, usageError } from './CliError.js';

/** A path the command reads, named by the option (or argument) that gave it. */
export interface NamedPath {
  readonly option: string;
  readonly path: string;
}

/** Where a path really is: its real path and, when it exists, its device and inode (hard links). */
interface Located {
  readonly option: string;
  readonly path: string;
  readonly real: string;
  readonly stats?: Stats;
}

/**
 * Checks every output of a command before any work starts, so that no run ends, after a long training,
 * in a refusal or a destroyed input:
 * - an output must be a non-empty path whose parent directory already exists (nothing is created above
 *   it) and is writable; an output file must not be a directory or a special file;
 * - `--save DIR` follows `saveModel`'s policy ({@link checkModelTarget}): missing, empty, or a model
 *   Rivulet wrote, replaced only with `--force`; with `entries` (one model per k, `DIR/k10`), DIR is a
 *   directory or missing (its parent exists), is not itself a model, and each entry follows that policy;
 * - no output may be, contain, or lie inside an input (the corpus, `--model`, a word list, a plugin
 *   path) or another output. Paths are compared by real path (symbolic links resolved; an output that
 *   does not exist yet by its parent's real path) and, for existing files, by device and inode, so a
 *   hard link or a `../` detour is caught too.
 * @throws RivuletError `invalid-option` (exit 2) for a refused path, `io` for a missing or unwritable parent
 */
export async function checkOutputTargets(
  inputs: readonly NamedPath[],
  files: readonly NamedPath[],
  save?: { readonly path: string; readonly force: boolean; readonly entries?: readonly string[] },
): Promise<void> {
  const outputs: Located[] = [];
  for (const output of files) {
    const located = await locateOutput(output);
    if (located.stats !== undefined) {
      if (located.stats.isDirectory())
        throw refused(output, 'is a directory; name a file to write (its parent must exist)');
      if (!located.stats.isFile()) throw refused(output, 'is not a regular file; name a file to write');
    }
    await checkWritable(output, located.stats ? located.real : dirname(located.real));
    outputs.push(located);
  }
  if (save !== undefined) {
    const output = { option: '--save', path: save.path };
    const located = await locateOutput(output);
    if (save.entries !== undefined && located.stats !== undefined) {
      if (!located.stats.isDirectory()) {
        throw refused(output, 'is not a directory; with a list of components it holds one model per k');
      }
      if (await exists(join(located.real, 'model.json'))) {
        throw refused(
          output,
          'is a model; with a list of components --save names a directory that holds one model per k (k10/, k20/, …)',
        );
      }
    }
    try {
      if (save.entries === undefined) await checkModelTarget(save.path, { overwrite: save.force });
      else if (located.stats !== undefined) {
        for (const entry of save.entries) {
          await checkModelTarget(join(save.path, entry), { overwrite: save.force });
        }
      }
    } catch (error) {
      if (!isRivuletError(error)) throw error;
      const reason = error.message
        .replace(/^saveModel: /, '')
        .replace('pass overwrite: true to replace it', 'pass --force to replace it');
      throw new RivuletError(error.kind, CLI, `--save ${JSON.stringify(save.path)}: ${reason}`, {
        parameter: '--save',
        cause: error,
      });
    }
    outputs.push(located);
  }
  const located: Located[] = [];
  for (const input of inputs) {
    const info = await stat(input.path).catch(() => undefined);
    if (info === undefined) continue;
    located.push({ ...input, real: await realpath(input.path), stats: info });
  }
  for (let i = 0; i < outputs.length; i++) {
    const out = outputs[i];
    for (const input of located) {
      const clash = relation(out, input);
      if (clash)
        throw refused(
          out,
          `${clash} the input ${input.option} ${JSON.stringify(input.path)}; a command never writes over its inputs`,
        );
    }
    for (const other of outputs.slice(i + 1)) {
      const clash = relation(other, out);
      if (clash) throw refused(other, `${clash} the output ${out.option} ${JSON.stringify(out.path)}`);
    }
  }
}

/** `is`, `contains` or `is inside` when two located paths overlap, else undefined. */
function relation(out: Located, input: Located): string | undefined {
  if (out.stats !== undefined && input.stats !== undefined) {
    if (out.stats.dev === input.stats.dev && out.stats.ino === input.stats.ino) return 'is';
  }
  if (out.real === input.real) return 'is';
  if (isInside(input.real, out.real)) return 'contains';
  if (isInside(out.real, input.real)) return 'is inside';
  return undefined;
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** The real path of an output: its own when it exists, else its existing parent's plus its name. */
async function locateOutput(output: NamedPath): Promise<Located> {
  if (output.path === '') throw usageError(`${output.option} must be a non-empty path, got ""`);
  const absolute = resolve(output.path);
  const own = await lstat(absolute).catch(() => undefined);
  if (own !== undefined) {
    // A link is followed to what it names: writing through it would change that file.
    const real = await realpath(absolute).catch(() => undefined);
    if (real === undefined) throw refused(output, 'is a symbolic link to nothing; name the file itself');
    return { ...output, real, stats: await stat(real) };
  }
  const parent = dirname(absolute);
  const info = await stat(parent).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error || !info.isDirectory()) {
    const reason = info instanceof Error && info.code !== 'ENOTDIR' ? 'does not exist' : 'is not a directory';
    throw new RivuletError(
      'io',
      CLI,
      `${output.option} ${JSON.stringify(output.path)}: the parent directory ${parent} ${reason}; create it first`,
      { parameter: output.option },
    );
  }
  return { ...output, real: resolve(await realpath(parent), basename(absolute)) };
}

async function checkWritable(output: NamedPath, path: string): Promise<void> {
  try {
    await access(path, constants.W_OK);
  } catch {
    throw new RivuletError(
      'io',
      CLI,
      `${output.option} ${JSON.stringify(output.path)}: ${path} is not writable`,
      { parameter: output.option },
    );
  }
}

function refused(output: NamedPath, why: string): RivuletError {
  return new RivuletError('invalid-option', CLI, `${output.option} ${JSON.stringify(output.path)} ${why}`, {
    parameter: output.option,
  });
}

/**
 * The file of one k when `--output FILE` goes with a list of components: `.k10` before the last extension
 * (`docs.jsonl` → `docs.k10.jsonl`, `docs` → `docs.k10`), in the same directory.
 */
export function fileForK(path: string, k: number): string {
  const extension = extname(basename(path));
  return `${path.slice(0, path.length - extension.length)}.k${k}${extension}`;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
