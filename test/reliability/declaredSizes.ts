import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ErrorKind, isRivuletError } from '@rivulet/core';
import type { TestFn } from 'ava';

/**
 * A file whose header declares sizes its data does not back (issue 10, item 4): a reader must refuse it
 * before allocating for the declaration, with a RivuletError of one of `kinds` whose message matches
 * `message` (the file and line, what was declared, the bound).
 */
export interface DeclaredSizeCase {
  readonly name: string;
  /** The file's name (its extension tells the reader the format) and its content. */
  readonly file: string;
  readonly content: string;
  readonly kinds: readonly ErrorKind[];
  readonly message: RegExp;
}

const MTX = '%%MatrixMarket matrix coordinate real general\n';

/** Matrix Market headers that lie (every reader of `.mtx` corpora faces these). */
export const MATRIX_MARKET_SIZE_CASES: readonly DeclaredSizeCase[] = [
  {
    name: '1e12 entries declared, one present',
    file: 'm.mtx',
    content: `${MTX}10 10 1000000000000\n1 1 1\n`,
    kinds: ['invalid-input'],
    message: /m\.mtx:2: .*1000000000000 entries/,
  },
  {
    name: 'the largest safe integer of entries',
    file: 'm.mtx',
    content: `${MTX}10 10 ${Number.MAX_SAFE_INTEGER}\n1 1 1\n`,
    kinds: ['invalid-input'],
    message: /m\.mtx:2: /,
  },
  {
    name: '1e30 entries (not a safe integer)',
    file: 'm.mtx',
    content: `${MTX}10 10 1000000000000000000000000000000\n1 1 1\n`,
    kinds: ['invalid-input'],
    message: /m\.mtx:2: /,
  },
  {
    name: '2^31 − 1 rows and columns, 3 entries',
    file: 'm.mtx',
    content: `${MTX}2147483647 2147483647 3\n1 1 1\n2 2 1\n3 3 1\n`,
    kinds: ['limit'],
    message: /m\.mtx:2: the declared 2147483647 × 2147483647 matrix .* need about [\d.]+ GB/,
  },
  {
    name: '3e9 rows (beyond Int32 indices)',
    file: 'm.mtx',
    content: `${MTX}3000000000 2 1\n1 1 1\n`,
    kinds: ['invalid-input', 'limit'],
    message: /m\.mtx:2: /,
  },
  {
    name: 'sizes in hexadecimal and exponent notation',
    file: 'm.mtx',
    content: `${MTX}0x7fffffff 1e9 3\n1 1 1\n`,
    kinds: ['invalid-input'],
    message: /m\.mtx:2: /,
  },
  {
    name: 'an index in exponent notation (1e9) in a small matrix',
    file: 'm.mtx',
    content: `${MTX}2 2 1\n1e9 1 1\n`,
    kinds: ['invalid-input'],
    message: /m\.mtx:3: /,
  },
];

/** How much more ArrayBuffer memory a refusal may have taken: a header is never worth more. */
const MAX_GROWTH_BYTES = 64 * 2 ** 20;

/**
 * Registers one ava test per case: the case's file is written to a fresh directory and `open(path)` must
 * reject within 5 s with an accepted RivuletError, having allocated at most 64 MB of ArrayBuffers (a
 * reader that trusted the header would have asked for gigabytes, even if the system handed them out
 * lazily). For any reader, loader or store that takes a file with declared sizes.
 *
 * @example
 * ```ts
 * checkDeclaredSizes(test, 'readMatrixMarket', MATRIX_MARKET_SIZE_CASES, readMatrixMarket);
 * ```
 */
export function checkDeclaredSizes(
  test: TestFn,
  title: string,
  cases: readonly DeclaredSizeCase[],
  open: (path: string) => Promise<unknown>,
): void {
  for (const c of cases) {
    test(`${title}: declared sizes: ${c.name}`, async (t) => {
      const dir = await mkdtemp(join(tmpdir(), 'rivulet-sizes-'));
      try {
        const path = join(dir, c.file);
        await writeFile(path, c.content);
        const before = process.memoryUsage().arrayBuffers;
        const started = Date.now();
        let error: unknown;
        try {
          await open(path);
        } catch (e) {
          error = e;
        }
        const grown = process.memoryUsage().arrayBuffers - before;
        t.true(error !== undefined, 'the declaration was accepted');
        t.true(
          isRivuletError(error) && c.kinds.includes(error.kind),
          `expected a RivuletError of kind ${c.kinds.join(' or ')}, got ${String(error)}`,
        );
        t.regex((error as Error).message, c.message);
        t.false((error as Error).message.includes('\n'), 'a one-line message');
        t.true(Date.now() - started < 5000, 'refused within 5 s');
        t.true(grown < MAX_GROWTH_BYTES, `allocated ${grown} bytes of ArrayBuffers before refusing`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
}
