import { createHash } from 'node:crypto';
import { RivuletError } from '@rivulet/core';

/**
 * Shared pieces of the model directory format (see `saveModel`): the canonical JSON the checksum covers,
 * the checksum itself and the little-endian Float64 encoding of the binary files.
 * @internal
 */

/** Binary files in the order the checksum reads them. */
export const BINARY_FILES = ['H.f64', 'W.f64', 'idf.f64'] as const;
export type BinaryFile = (typeof BINARY_FILES)[number];

/**
 * JSON with object keys sorted at every level, so the same content always hashes the same whatever order
 * the keys were written in. Rejects what JSON cannot carry faithfully (non-finite numbers, functions,
 * bigints, symbols, class instances) instead of silently changing it; drops `undefined` object members
 * as `JSON.stringify` does.
 */
export function canonicalJson(value: unknown, stage: string, path: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw notJson(stage, path, String(value));
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((v, i) => (v === undefined ? 'null' : canonicalJson(v, stage, `${path}[${i}]`))).join(',')}]`;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw notJson(stage, path, `a ${(value as object).constructor?.name ?? 'non-plain object'}`);
    }
    if (Object.hasOwn(value, '__proto__')) throw notJson(stage, `${path}.__proto__`, 'a "__proto__" key');
    const keys = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], stage, `${path}.${k}`)}`).join(',')}}`;
  }
  throw notJson(stage, path, typeof value);
}

function notJson(stage: string, path: string, got: string): RivuletError {
  return new RivuletError(
    'invalid-input',
    stage,
    `${path} must be plain JSON data (null, booleans, finite numbers, strings, arrays, plain objects), got ${got}`,
    { parameter: path.split(/[.[]/)[0] },
  );
}

/**
 * `sha256:<hex>` over the canonical JSON of the manifest without its `checksum`, then each binary file
 * present, in {@link BINARY_FILES} order, as its name, a NUL byte and its bytes.
 */
export function checksum(canonical: string, files: ReadonlyMap<BinaryFile, Uint8Array>): string {
  const hash = createHash('sha256');
  hash.update(canonical, 'utf8');
  for (const name of BINARY_FILES) {
    const bytes = files.get(name);
    if (bytes === undefined) continue;
    hash.update(`\n${name}\0`, 'utf8');
    hash.update(bytes);
  }
  return `sha256:${hash.digest('hex')}`;
}

/** The values as little-endian IEEE 754 doubles. */
export function encodeFloat64(values: Float64Array): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return out;
}

/** Little-endian doubles back to values (the caller has checked the length is a multiple of 8). */
export function decodeFloat64(bytes: Uint8Array): Float64Array {
  const out = new Float64Array(bytes.length / 8);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}
