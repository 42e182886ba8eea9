import { RivuletError } from '@rivulet/core';
import { CsrMatrix } from '@rivulet/linalg';
import { readLines } from '@rivulet/sources';
import { lastValueFrom, reduce } from 'rxjs';

const STAGE = 'readMatrixMarket';

/**
 * Reads a Matrix Market coordinate file (as `scipy.io.mmwrite` writes a sparse matrix) into CSR:
 * `%%MatrixMarket matrix coordinate real|integer|pattern general`, `%` comment lines, a size line
 * `rows cols entries`, then one `row col [value]` line per entry with 1-based indices. Pattern entries
 * are 1; duplicates are summed (as scipy does on conversion to CSR). Dense (`array`), complex and
 * symmetric files are not document-term matrices and are refused. The file is streamed line by line.
 *
 * Format: Boisvert, Pozo & Remington, "The Matrix Market Exchange Formats: Initial Design" (NIST, 1996).
 *
 * @example
 * ```ts
 * import { readMatrixMarket } from '@rivulet/cli';
 * const matrix = await readMatrixMarket('counts.mtx'); // documents × terms
 * ```
 * @throws RivuletError `invalid-input` naming the file and line, `io` when it cannot be read.
 */
export async function readMatrixMarket(path: string): Promise<CsrMatrix> {
  interface State {
    header: boolean;
    pattern: boolean;
    integer: boolean;
    rows: number;
    cols: number;
    expected: number;
    count: number;
    r: Int32Array;
    c: Int32Array;
    v: Float64Array;
  }
  const fail = (line: number | string, message: string): never => {
    throw new RivuletError('invalid-input', STAGE, `${path}:${line}: ${message}`, { parameter: 'path' });
  };
  const state = await lastValueFrom(
    readLines(path).pipe(
      reduce<{ id: string; text: string }, State>(
        (s, { id, text }) => {
          const line = text.trim();
          if (!s.header) {
            const m = /^%%MatrixMarket\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$/i.exec(line);
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
            s.header = true;
            s.pattern = field === 'pattern';
            s.integer = field === 'integer';
            return s;
          }
          if (line.startsWith('%') || line === '') return s;
          const parts = line.split(/\s+/);
          if (s.expected < 0) {
            if (parts.length !== 3) fail(id, `the size line must be "rows columns entries", got "${line}"`);
            const [rows, cols, entries] = parts.map(Number);
            for (const n of [rows, cols, entries]) {
              if (!Number.isSafeInteger(n) || n < 0)
                fail(id, `the size line must hold three non-negative integers, got "${line}"`);
            }
            if (rows >= 2 ** 31 || cols >= 2 ** 31) fail(id, `a matrix of ${rows} × ${cols} is too large`);
            s.rows = rows;
            s.cols = cols;
            s.expected = entries;
            s.r = new Int32Array(entries);
            s.c = new Int32Array(entries);
            s.v = new Float64Array(entries);
            return s;
          }
          if (s.count >= s.expected) fail(id, `more entries than the ${s.expected} the size line announced`);
          if (parts.length !== (s.pattern ? 2 : 3)) {
            fail(id, `an entry must be "row column${s.pattern ? '' : ' value'}", got "${line}"`);
          }
          const i = Number(parts[0]);
          const j = Number(parts[1]);
          if (!Number.isInteger(i) || i < 1 || i > s.rows || !Number.isInteger(j) || j < 1 || j > s.cols) {
            fail(
              id,
              `entry (${parts[0]}, ${parts[1]}) lies outside the ${s.rows} × ${s.cols} matrix (indices are 1-based)`,
            );
          }
          const value = s.pattern ? 1 : Number(parts[2]);
          if (!Number.isFinite(value) || (s.integer && !Number.isInteger(value))) {
            fail(id, `the value must be a finite ${s.integer ? 'integer' : 'number'}, got "${parts[2]}"`);
          }
          s.r[s.count] = i - 1;
          s.c[s.count] = j - 1;
          s.v[s.count] = value;
          s.count++;
          return s;
        },
        {
          header: false,
          pattern: false,
          integer: false,
          rows: 0,
          cols: 0,
          expected: -1,
          count: 0,
          r: new Int32Array(0),
          c: new Int32Array(0),
          v: new Float64Array(0),
        },
      ),
    ),
    { defaultValue: undefined },
  );
  if (!state?.header) return fail(1, 'not a Matrix Market file (it is empty)');
  if (state.expected < 0) fail('end', 'the size line is missing');
  if (state.count !== state.expected) {
    fail('end', `the size line announced ${state.expected} entries, found ${state.count}`);
  }
  return CsrMatrix.fromTriplets(state.rows, state.cols, state.r, state.c, state.v);
}
