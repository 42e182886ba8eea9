import { type WasmMemory, wasmApi } from './wasmApi.js';

const PAGE = 65536;
/**
 * Every pool memory may grow to 4 GiB (WebAssembly's limit, and what the kernels' modules declare), so a
 * spare smaller than the next request grows in place rather than being dropped beside a new one. Only
 * address space is reserved; pages become resident as they are written.
 */
const MAX_PAGES = 65536;

/**
 * The memory last given back, by sharing, held weakly: a spare nobody takes is still collected as any
 * dropped memory would be (the pool never keeps memory alive), and reused while it has not been.
 */
const spare: { shared: WeakRef<WasmMemory> | null; private: WeakRef<WasmMemory> | null } = {
  shared: null,
  private: null,
};

/**
 * A WebAssembly memory of at least `bytes` bytes whose first `bytes` are zero, as a new one's: the memory
 * last given back by {@link giveBackMemory} when it is still uncollected (zeroed there, and grown in place
 * when it is smaller), else a new one of the pages needed. Engines that run one after another — the
 * randomized SVD of the `nndsvd*` start, then the NMF engine, then the next training's SVD — so reuse one
 * memory instead of holding two.
 *
 * Why not leave it to the collector: V8 schedules collections partly by the external memory it is told
 * about, and a *shared* memory (a `SharedArrayBuffer`, which a second thread needs) is not counted there.
 * A dropped shared memory is freed only when a major collection happens for other reasons; on gcide
 * (k = 20) the SVD's 96 MB were measured still resident when the engine allocated its 79 MB, and the
 * process peak then depended on whether some unrelated allocation had triggered a collection in between.
 *
 * @param bytes bytes the caller lays out (at most 4 GiB)
 * @param shared a shared memory (for worker threads) or a private one; a spare of the other kind is not used
 * @internal
 */
export function takeMemory(bytes: number, shared: boolean): WasmMemory {
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  const key = shared ? 'shared' : 'private';
  const reused = spare[key]?.deref() ?? null;
  spare[key] = null;
  if (reused !== null) {
    const had = reused.buffer.byteLength;
    if (had < pages * PAGE) {
      try {
        reused.grow?.(pages - had / PAGE);
      } catch {
        // Its maximum is lower (a memory made elsewhere): a new one below.
      }
    }
    if (reused.buffer.byteLength >= pages * PAGE) {
      // Pages added by growing are zero already.
      zeroWritten(reused.buffer, Math.min(had, pages * PAGE));
      return reused;
    }
  }
  return new wasmApi.Memory({ initial: pages, maximum: MAX_PAGES, shared });
}

/** Bytes {@link zeroWritten} tests and clears at a time: a Linux page is 4 KiB. */
const CHUNK = 4096;

/**
 * Zeroes the first `bytes` of `buffer` (a whole number of WebAssembly pages), writing only the 4 KiB chunks
 * that hold a non-zero byte. A chunk the last owner never wrote is still unmapped: reading it maps the
 * kernel's one shared zero page, while filling it would make it resident — so a spare whose reserved but
 * untouched parts (the SVD's Gram–Schmidt scratch, say) fall inside the next request stays as small as
 * the owner left it. A written chunk's first word is non-zero almost always, so it is cleared at once.
 */
function zeroWritten(buffer: ArrayBufferLike, bytes: number): void {
  const words = new Uint32Array(buffer, 0, bytes / 4);
  const bytesView = new Uint8Array(buffer, 0, bytes);
  const per = CHUNK / 4;
  for (let start = 0; start < words.length; start += per) {
    const end = start + per;
    let w = start;
    while (w < end && words[w] === 0) w++;
    if (w < end) bytesView.fill(0, start * 4, end * 4);
  }
}

/**
 * Gives a memory back for the next {@link takeMemory} of its kind. The caller must be done with it for
 * good — no views of it read or written again, no thread still running on it — since the next engine
 * overwrites it. Replaces (drops) the spare of that kind kept so far.
 * @internal
 */
export function giveBackMemory(memory: WasmMemory): void {
  const shared = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
  spare[shared ? 'shared' : 'private'] = new WeakRef(memory);
}
