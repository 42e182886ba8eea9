import { statSync } from 'node:fs';
import { checkMemory, RivuletError } from '@rivulet/core';
import { CsrMatrix } from '@rivulet/linalg';
import { readLinesSync } from '@rivulet/sources';

const STAGE = 'readMatrixMarket';

/** An index or size: decimal digits only (no sign, `0x2`, `1e0` or `2.0`), at most 15 of them. */
const INTEGER = /^\d{1,15}$/;
/** A `real` value: a decimal number, as C's `strtod` reads Matrix Market files, but no hex or `Infinity`. */
const REAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** An `integer` value. */
const SIGNED_INTEGER = /^[+-]?\d+$/;
/** Largest row or column count: indices are Int32. */
const MAX_SIDE = 2 ** 31 - 1;

/**
 * Reads a Matrix Market coordinate file (as `scipy.io.mmwrite` writes a sparse matrix) into CSR:
 * `%%MatrixMarket matrix coordinate real|integer|pattern general`, `%` comment lines, a size line
 * `rows cols entries`, then one `row col [value]` line per entry with 1-based indices. Pattern entries
 * are 1; duplicates are summed (as scipy does on conversion to CSR). Dense (`array`), complex and
 * symmetric files are not document-term matrices and are refused. The file is read in one synchronous
 * pass on the line splitter of `@rivulet/sources`, without a per-line asynchronous hop.
 *
 * The size line is data, not a promise: indices and sizes must be plain decimal integers (`0x2`, `1e0`
 * and `2.0` are refused), the declared entries must fit in what is left of the file (an entry line takes
 * at least four bytes), and the arrays the declared sizes need are checked against core's `checkMemory`
 * before anything is allocated. Entry arrays grow with the entries actually read, so a header can never
 * make the reader allocate more than the file holds.
 *
 * Format: Boisvert, Pozo & Remington, "The Matrix Market Exchange Formats: Initial Design" (NIST, 1996).
 *
 * @example
 * ```ts
 * import { readMatrixMarket } from '@rivulet/cli';
 * const matrix = await readMatrixMarket('counts.mtx'); // documents × terms
 * ```
 * @throws RivuletError `invalid-input` naming the file and line, `limit` (file:line of the size line) when
 *   the declared sizes need more memory than Rivulet allows, `io` when it cannot be read.
 */
export async function readMatrixMarket(path: string): Promise<CsrMatrix> {
  const fail = (line: number | string, message: string): never => {
    throw new RivuletError('invalid-input', STAGE, `${path}:${line}: ${message}`, { parameter: 'path' });
  };
  let fileBytes = Number.POSITIVE_INFINITY;
  try {
    const stats = statSync(path);
    if (stats.isFile()) fileBytes = stats.size;
  } catch {
    // readLinesSync reports the io error with the reader's own message.
  }
  let header = false;
  let pattern = false;
  let integer = false;
  let rows = 0;
  let cols = 0;
  let expected = -1;
  let count = 0;
  // UTF-16 units read so far: never more than the bytes, so `fileBytes - seen` never underestimates the rest.
  let seen = 0;
  let r = new Int32Array(0);
  let c = new Int32Array(0);
  let v = new Float64Array(0);
  const grow = () => {
    const size = Math.min(expected, Math.max(1024, r.length * 2));
    const r2 = new Int32Array(size);
    const c2 = new Int32Array(size);
    const v2 = new Float64Array(size);
    r2.set(r);
    c2.set(c);
    v2.set(v);
    r = r2;
    c = c2;
    v = v2;
  };
  readLinesSync(path, undefined, ({ id, text }) => {
    seen += text.length + 1;
    if (!header) {
      const m = /^%%MatrixMarket\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$/i.exec(text.trim());
      if (!m) fail(id, 'not a Matrix Market file (the first line must start with %%MatrixMarket)');
      const [, object, format, field, symmetry] = m!.map((x) => x.toLowerCase());
      if (object !== 'matrix' || format !== 'coordinate') {
        fail(id, `only "matrix coordinate" files are supported, got "${object} ${format}"`);
      }
      if (!['real', 'integer', 'pattern', 'double'].includes(field)) {
        fail(id, `the field must be real, integer or pattern, got "${field}"`);
      }
      if (symmetry !== 'general')
        fail(id, `only "general" (unsymmetric) matrices are supported, got "${symmetry}"`);
      header = true;
      pattern = field === 'pattern';
      integer = field === 'integer';
      return;
    }
    if (text.charCodeAt(0) === 37 /* % */) return;
    const line = expected < 0 || !isDigit(text.charCodeAt(0)) ? text.trim() : text;
    if (line.charCodeAt(0) === 37) return;
    if (expected < 0) {
      const parts = line.split(/\s+/);
      if (parts.length !== 3 || !parts.every((p) => INTEGER.test(p))) {
        fail(
          id,
          `the size line must be "rows columns entries" (three non-negative decimal integers), got "${line}"`,
        );
      }
      [rows, cols, expected] = parts.map(Number);
      if (rows > MAX_SIDE || cols > MAX_SIDE) {
        fail(id, `a matrix of ${rows} × ${cols} is too large: rows and columns must be at most ${MAX_SIDE}`);
      }
      const lineBytes = pattern ? 4 : 6; // "1 1\n" or "1 1 1\n"
      const room = Math.floor((fileBytes - seen + 1) / lineBytes);
      if (expected > room) {
        fail(
          id,
          `the size line announces ${expected} entries, but the ${fileBytes - seen} bytes after it hold at most ${room} (an entry line takes at least ${lineBytes} bytes)`,
        );
      }
      // The entries as read (16 bytes each); CsrMatrix.fromTriplets's row counts and pointers (3 Int32 per
      // row) with its order, columns and values (about 32 bytes per entry); and the least every command
      // builds from the matrix, a one-topic model: W (rows × 1) and H (1 × cols) in doubles.
      checkMemory(
        STAGE,
        'path',
        12 * (rows + 1) + 48 * expected + 8 * (rows + cols),
        `${path}:${id}: the declared ${rows} × ${cols} matrix with ${expected} entries, its conversion to CSR and a one-topic model of it`,
        'check the size line',
      );
      return;
    }
    if (count >= expected) fail(id, `more entries than the ${expected} the size line announced`);
    let i: number;
    let j: number;
    let value: number;
    if (parseEntry(text, pattern, integer)) ({ i, j, value } = entry);
    else {
      // The slow path only words the error.
      const parts = line.split(/\s+/);
      if (parts.length !== (pattern ? 2 : 3)) {
        fail(id, `an entry must be "row column${pattern ? '' : ' value'}", got "${line}"`);
      }
      const [si, sj, sv] = parts;
      i = INTEGER.test(si) ? Number(si) : Number.NaN;
      j = INTEGER.test(sj) ? Number(sj) : Number.NaN;
      value = pattern ? 1 : (integer ? SIGNED_INTEGER : REAL).test(sv) ? Number(sv) : Number.NaN;
      if (!(i >= 1 && i <= rows && j >= 1 && j <= cols)) {
        fail(
          id,
          `entry (${si}, ${sj}) lies outside the ${rows} × ${cols} matrix (indices are 1-based decimal integers)`,
        );
      }
      if (!Number.isFinite(value)) {
        fail(
          id,
          `the value must be a finite ${integer ? 'integer' : 'number'}, got "${sv}" (decimal notation only)`,
        );
      }
    }
    if (!(i >= 1 && i <= rows && j >= 1 && j <= cols)) {
      fail(
        id,
        `entry (${i}, ${j}) lies outside the ${rows} × ${cols} matrix (indices are 1-based decimal integers)`,
      );
    }
    if (count === r.length) grow();
    r[count] = i - 1;
    c[count] = j - 1;
    v[count] = value;
    count++;
  });
  if (!header) return fail(1, 'not a Matrix Market file (it is empty)');
  if (expected < 0) fail('end', 'the size line is missing');
  if (count !== expected) fail('end', `the size line announced ${expected} entries, found ${count}`);
  return CsrMatrix.fromTriplets(rows, cols, r.subarray(0, count), c.subarray(0, count), v.subarray(0, count));
}

/** The entry {@link parseEntry} read last (module state: no object per line). */
const entry = { i: 0, j: 0, value: 0 };

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13;
}

/**
 * The fast path for an entry line `row col [value]`, separated by spaces or tabs: reads the indices digit
 * by digit and the value by {@link REAL} (or {@link SIGNED_INTEGER}) into {@link entry}; false for
 * anything else, which the caller words as an error.
 */
function parseEntry(text: string, pattern: boolean, integer: boolean): boolean {
  const n = text.length;
  let p = 0;
  while (p < n && isSpace(text.charCodeAt(p))) p++;
  const fields = pattern ? 2 : 3;
  for (let f = 0; f < 2; f++) {
    const start = p;
    let v = 0;
    for (let c = text.charCodeAt(p); p < n && isDigit(c); c = text.charCodeAt(++p)) v = v * 10 + (c - 48);
    if (p === start || p - start > 15) return false;
    if (f === 0) entry.i = v;
    else entry.j = v;
    if (p < n && !isSpace(text.charCodeAt(p))) return false;
    while (p < n && isSpace(text.charCodeAt(p))) p++;
    if (f === 1 && fields === 2) {
      entry.value = 1;
      return p === n;
    }
  }
  let end = n;
  while (end > p && isSpace(text.charCodeAt(end - 1))) end--;
  const raw = text.slice(p, end);
  if (!(integer ? SIGNED_INTEGER : REAL).test(raw)) return false;
  entry.value = Number(raw);
  return Number.isFinite(entry.value);
}
