import { mkdtemp, readdir, readlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory for one test. */
export function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'rivulet-sources-'));
}

/** Writes `content` to `name` inside a fresh temporary directory and returns its path. */
export async function tempFile(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(await tempDir(), name);
  await writeFile(path, content);
  return path;
}

/** Whether this process holds an open file descriptor on `path` (Linux: /proc/self/fd). */
export async function isOpen(path: string): Promise<boolean> {
  for (const fd of await readdir('/proc/self/fd')) {
    try {
      if ((await readlink(`/proc/self/fd/${fd}`)) === path) return true;
    } catch {
      // The descriptor closed while we looked.
    }
  }
  return false;
}

/** Waits (by yielding to the event loop, at most `turns` times) until `path` is no longer open. */
export async function closedEventually(path: string, turns = 200): Promise<boolean> {
  for (let t = 0; t < turns; t++) {
    if (!(await isOpen(path))) return true;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return false;
}
