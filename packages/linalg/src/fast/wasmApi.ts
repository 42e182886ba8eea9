/**
 * The part of the WebAssembly JavaScript API the fast kernels use, typed here because the project
 * compiles without the DOM library (which is where TypeScript declares `WebAssembly`).
 *
 * @example
 * ```ts
 * // internal
 * const memory = new wasmApi.Memory({ initial: 1 });
 * ```
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** Adds `delta` pages of 64 KiB (up to the memory's maximum); returns the previous size in pages. */
  grow?(delta: number): number;
}

interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
