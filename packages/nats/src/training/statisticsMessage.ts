import { RivuletError } from '@rivulet/core';
import type { OnlineNmfStatistics } from '@rivulet/decomposition';

const FORMAT = 'rivulet-nmf-statistics/1';

/** Where a batch's statistics came from: the document message and the H they were computed against. */
export interface StatisticsTag {
  /** The batch id: the document stream's sequence of the message holding the batch. */
  readonly batch: number;
  /** The H version (the statistics stream sequence the H was checkpointed at) the worker solved against. */
  readonly version: number;
  /** Documents in the batch. */
  readonly documents: number;
}

/** A decoded statistics message: the tag, and either the statistics or where they are stored. */
export interface StatisticsMessage extends StatisticsTag {
  /** Inline statistics, or `undefined` when they were too large and went to the object store. */
  readonly statistics: OnlineNmfStatistics | undefined;
  /** The object holding the encoded statistics when they are not inline. */
  readonly object: string | undefined;
  /** A filler the coordinator publishes to complete a synchronous round: nothing to apply. */
  readonly filler: boolean;
}

interface Header extends StatisticsTag {
  readonly format: string;
  readonly rows?: number;
  readonly columns?: number;
  readonly components?: number;
  readonly terms?: number;
  readonly loss?: number;
  readonly object?: string;
  readonly filler?: boolean;
}

/**
 * The bytes of one batch's statistics: a 4-byte little-endian length, a JSON header, padding to 8 bytes,
 * then W_bᵀW_b (k² doubles), X_bᵀW_b at the touched terms (terms × k doubles) and the terms (Int32).
 * Doubles travel as their bits, so the coordinator applies exactly what the worker computed.
 */
export function encodeStatistics(tag: StatisticsTag, stats: OnlineNmfStatistics): Uint8Array {
  const k = Math.round(Math.sqrt(stats.WtW.length));
  return pack(
    {
      format: FORMAT,
      ...tag,
      rows: stats.rows,
      columns: stats.columns,
      components: k,
      terms: stats.terms.length,
      loss: stats.loss,
    },
    [stats.WtW, stats.XtW, stats.terms],
  );
}

/** A small message pointing at statistics stored as the object `object`. */
export function encodeReference(tag: StatisticsTag, object: string): Uint8Array {
  return pack({ format: FORMAT, ...tag, object }, []);
}

/** A filler message of a synchronous round (no batch). */
export function encodeFiller(): Uint8Array {
  return pack({ format: FORMAT, batch: 0, version: 0, documents: 0, filler: true }, []);
}

function pack(header: Header, arrays: readonly (Float64Array | Int32Array)[]): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((4 + json.length) / 8) * 8;
  const size = arrays.reduce((sum, a) => sum + a.byteLength, start);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  let offset = start;
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    offset += a.byteLength;
  }
  return out;
}

/** Reads a message written by {@link encodeStatistics}, {@link encodeReference} or {@link encodeFiller}. */
export function decodeStatistics(stage: string, where: string, bytes: Uint8Array): StatisticsMessage {
  const bad = (what: string) =>
    new RivuletError('invalid-input', stage, `${where}: not a statistics message (${what})`);
  if (bytes.length < 4) throw bad(`${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true);
  if (4 + length > bytes.length) throw bad('its header is truncated');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as Header;
  } catch {
    throw bad('its header is not JSON');
  }
  if (header?.format !== FORMAT) throw bad(`format ${JSON.stringify(header?.format)}, expected ${FORMAT}`);
  const base = {
    batch: header.batch,
    version: header.version,
    documents: header.documents,
    filler: header.filler === true,
  };
  if (header.filler === true || typeof header.object === 'string') {
    return { ...base, statistics: undefined, object: header.object };
  }
  const { rows, columns, components: k, terms: t, loss } = header;
  if (![rows, columns, k, t].every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
    throw bad('its sizes are not integers');
  }
  const start = Math.ceil((4 + length) / 8) * 8;
  const kk = (k as number) * (k as number);
  const tk = (t as number) * (k as number);
  if (bytes.length !== start + 8 * (kk + tk) + 4 * (t as number)) {
    throw bad(`${bytes.length} bytes for ${k} components and ${t} terms`);
  }
  // Copied out, so the arrays are aligned whatever the message buffer's offset.
  const body = new Uint8Array(bytes.length - start);
  body.set(bytes.subarray(start));
  const WtW = new Float64Array(body.buffer, 0, kk);
  const XtW = new Float64Array(body.buffer, 8 * kk, tk);
  const terms = new Int32Array(body.buffer, 8 * (kk + tk), t as number);
  return {
    ...base,
    statistics: { rows: rows as number, columns: columns as number, WtW, XtW, terms, loss: loss as number },
    object: undefined,
  };
}
