/**
 * A tiny WebAssembly binary writer: just enough of the module format and instruction set (core + the
 * fixed-width SIMD proposal, standard since Node 16.4) to emit kernels at run time, specialised to
 * their sizes (@rivulet/decomposition's fused NMF engine is written with it). Emitting bytes from TypeScript means no assembler or native
 * compile is needed at install or build time. Encodings follow the WebAssembly Core Specification 2.0,
 * §5 "Binary Format".
 *
 * @example
 * ```ts
 * import { WasmFunction, wasmModule } from '@rivulet/linalg';
 * const f = new WasmFunction(['i32'], ['i32']);
 * f.get(0).i32Const(1).op(0x6a); // x + 1
 * const module = wasmModule([f], ['inc']);
 * ```
 */
export type WasmType = 'i32' | 'f32' | 'f64' | 'v128';

const TYPE_CODE: Record<WasmType, number> = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** Scratch for the bytes of constants (little-endian, as the binary format and typed arrays on every host Node runs on). */
const SCRATCH_BYTES = new Uint8Array(16);
const SCRATCH_F64 = new Float64Array(SCRATCH_BYTES.buffer);
const SCRATCH_F32 = new Float32Array(SCRATCH_BYTES.buffer);

function uleb(out: number[], value: number): void {
  // Emitting runs once per kernel shape, mostly before the JIT has seen this code: the common one-byte
  // case takes no loop.
  if (value >>> 0 < 0x80) {
    out.push(value >>> 0);
    return;
  }
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

function sleb(out: number[], value: number): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

/** SIMD opcodes used by the kernels (prefix 0xFD). */
export const SIMD = {
  load: 0x00,
  load64Splat: 0x0a,
  store: 0x0b,
  f64x2Splat: 0x14,
  f64x2ExtractLane: 0x21,
  load64Lane: 0x57,
  store64Lane: 0x5b,
  f64x2Eq: 0x47,
  bitselect: 0x52,
  f64x2Abs: 0xec,
  f64x2Neg: 0xed,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  f64x2Div: 0xf3,
  f64x2Pmin: 0xf6,
  f64x2Pmax: 0xf7,
} as const;

/** One function body under construction; instruction helpers return `this` for chaining. */
export class WasmFunction {
  readonly params: readonly WasmType[];
  readonly results: readonly WasmType[];
  readonly locals: WasmType[] = [];
  readonly body: number[] = [];

  constructor(params: readonly WasmType[], results: readonly WasmType[]) {
    this.params = params;
    this.results = results;
  }

  /** Declares a local and returns its index. */
  local(type: WasmType): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  op(...bytes: number[]): this {
    for (let i = 0; i < bytes.length; i++) this.body.push(bytes[i]);
    return this;
  }

  get(index: number): this {
    this.body.push(0x20);
    uleb(this.body, index);
    return this;
  }

  set(index: number): this {
    this.body.push(0x21);
    uleb(this.body, index);
    return this;
  }

  tee(index: number): this {
    this.body.push(0x22);
    uleb(this.body, index);
    return this;
  }

  i32Const(value: number): this {
    this.body.push(0x41);
    sleb(this.body, value);
    return this;
  }

  f64Const(value: number): this {
    this.body.push(0x44);
    SCRATCH_F64[0] = value;
    for (let i = 0; i < 8; i++) this.body.push(SCRATCH_BYTES[i]);
    return this;
  }

  /** A memory access (`opcode` is a core load/store) at `address + offset` bytes. */
  mem(opcode: number, align: number, offset: number): this {
    this.body.push(opcode, align);
    uleb(this.body, offset);
    return this;
  }

  /** A SIMD instruction with no immediates. */
  simd(opcode: number): this {
    this.body.push(0xfd);
    uleb(this.body, opcode);
    return this;
  }

  /** A SIMD memory access (`load`, `load64Splat`, `store`) at `address + offset` bytes. */
  simdMem(opcode: number, offset: number, align = 0): this {
    this.body.push(0xfd);
    uleb(this.body, opcode);
    this.body.push(align);
    uleb(this.body, offset);
    return this;
  }

  /** `load64Lane` / `store64Lane`: memory operand then lane index. */
  simdLane(opcode: number, offset: number, lane: number): this {
    this.simdMem(opcode, offset, 0);
    this.body.push(lane);
    return this;
  }

  extractLane(lane: number): this {
    this.simd(SIMD.f64x2ExtractLane);
    this.body.push(lane);
    return this;
  }

  /** `v128.const` of two equal doubles. */
  v128f64(value: number): this {
    SCRATCH_F64[0] = value;
    SCRATCH_F64[1] = value;
    return this.v128Bytes(SCRATCH_BYTES);
  }

  /** `v128.const` of four equal floats. */
  v128f32(value: number): this {
    SCRATCH_F32.fill(value);
    return this.v128Bytes(SCRATCH_BYTES);
  }

  private v128Bytes(bytes: Uint8Array): this {
    this.body.push(0xfd);
    uleb(this.body, 0x0c);
    for (let i = 0; i < 16; i++) this.body.push(bytes[i]);
    return this;
  }

  f32Const(value: number): this {
    this.body.push(0x43);
    SCRATCH_F32[0] = value;
    for (let i = 0; i < 4; i++) this.body.push(SCRATCH_BYTES[i]);
    return this;
  }

  /** A lane of the vector on the stack (`opcode` is an extract_lane). */
  lane(opcode: number, lane: number): this {
    this.simd(opcode);
    this.body.push(lane);
    return this;
  }

  /**
   * `while (cond) body()`: `cond` pushes an i32 (non-zero to go on); `body` must leave the stack as it
   * found it.
   */
  whileLoop(cond: () => void, body: () => void): this {
    this.op(0x02, 0x40, 0x03, 0x40); // block, loop
    cond();
    this.op(0x45, 0x0d, 1); // i32.eqz; br_if 1
    body();
    return this.op(0x0c, 0, 0x0b, 0x0b); // br 0; end; end
  }

  /**
   * `for (i = start; i < end; i += step) body()` with `i`, `end` i32 locals; `start` is pushed by the
   * caller before calling. `body` must leave the stack as it found it.
   */
  forRange(i: number, end: number, step: number, body: () => void): this {
    this.set(i);
    this.op(0x02, 0x40, 0x03, 0x40); // block, loop
    this.get(i).get(end).op(0x4e, 0x0d, 1); // i32.ge_s; br_if 1
    body();
    this.get(i).i32Const(step).op(0x6a).set(i).op(0x0c, 0, 0x0b, 0x0b); // i += step; br 0; end; end
    return this;
  }

  /** `if (cond) body()` where the i32 condition is on the stack. */
  ifThen(body: () => void): this {
    this.op(0x04, 0x40);
    body();
    return this.op(0x0b);
  }

  encode(): number[] {
    const out: number[] = [];
    const groups: [number, WasmType][] = [];
    for (const t of this.locals) {
      const last = groups[groups.length - 1];
      if (last !== undefined && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    uleb(out, groups.length);
    for (const [count, t] of groups) {
      uleb(out, count);
      out.push(TYPE_CODE[t]);
    }
    const body = this.body;
    for (let i = 0; i < body.length; i++) out.push(body[i]);
    out.push(0x0b);
    return out;
  }
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  uleb(out, content.length);
  for (let i = 0; i < content.length; i++) out.push(content[i]);
}

function name(out: number[], text: string): void {
  uleb(out, text.length);
  for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i));
}

/**
 * A module importing one memory as `env.memory` (at least `minPages` 64 KiB pages; a shared memory must
 * declare its maximum, `maxPages`) and exporting `functions` under `names`.
 */
export function wasmModule(
  functions: readonly WasmFunction[],
  names: readonly string[],
  minPages = 1,
  maxPages = 65536,
  shared = false,
): Uint8Array {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  uleb(types, functions.length);
  for (const f of functions) {
    types.push(0x60);
    uleb(types, f.params.length);
    for (const p of f.params) types.push(TYPE_CODE[p]);
    uleb(types, f.results.length);
    for (const r of f.results) types.push(TYPE_CODE[r]);
  }
  section(out, 1, types);
  const imports: number[] = [1];
  name(imports, 'env');
  name(imports, 'memory');
  imports.push(0x02, shared ? 0x03 : 0x00);
  uleb(imports, minPages);
  if (shared) uleb(imports, maxPages);
  section(out, 2, imports);
  const funcs: number[] = [];
  uleb(funcs, functions.length);
  for (let i = 0; i < functions.length; i++) uleb(funcs, i);
  section(out, 3, funcs);
  const exports: number[] = [];
  uleb(exports, names.length);
  for (let i = 0; i < names.length; i++) {
    name(exports, names[i]);
    exports.push(0x00);
    uleb(exports, i);
  }
  section(out, 7, exports);
  const code: number[] = [];
  uleb(code, functions.length);
  for (const f of functions) {
    const body = f.encode();
    uleb(code, body.length);
    for (let i = 0; i < body.length; i++) code.push(body[i]);
  }
  section(out, 10, code);
  return Uint8Array.from(out);
}
