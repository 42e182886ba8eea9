import test from 'ava';
import { SIMD, WasmFunction, wasmApi, wasmModule, wasmSimdSupported } from '../index.js';

function instantiate(bytes: Uint8Array, pages = 1) {
  const memory = new wasmApi.Memory({ initial: pages });
  const module = new wasmApi.Module(bytes);
  return { memory, exports: new wasmApi.Instance(module, { env: { memory } }).exports };
}

test('wasmModule emits a valid module whose exported function runs', (t) => {
  const inc = new WasmFunction(['i32'], ['i32']);
  inc.get(0).i32Const(1).op(0x6a); // i32.add
  const bytes = wasmModule([inc], ['inc']);
  t.true(wasmApi.validate(bytes));
  const { exports } = instantiate(bytes);
  t.is((exports.inc as (x: number) => number)(41), 42);
});

test('large and negative constants round-trip through LEB128', (t) => {
  const f = new WasmFunction([], ['i32']);
  f.i32Const(-1_000_000).i32Const(123_456_789).op(0x6a);
  const { exports } = instantiate(wasmModule([f], ['c']));
  t.is((exports.c as () => number)(), 122_456_789);
});

test('forRange loops and f64 loads/stores address the imported memory', (t) => {
  // sum of x[0..n) for f64 x at byte 0: (n) -> f64
  const f = new WasmFunction(['i32'], ['f64']);
  const i = f.local('i32');
  const acc = f.local('f64');
  f.i32Const(0).forRange(i, 0, 1, () => {
    f.get(acc).get(i).i32Const(8).op(0x6c).mem(0x2b, 3, 0).op(0xa0).set(acc);
  });
  f.get(acc);
  const { memory, exports } = instantiate(wasmModule([f], ['sum']));
  new Float64Array(memory.buffer).set([1.5, 2, 4.25]);
  t.is((exports.sum as (n: number) => number)(3), 7.75);
});

test('f64x2 SIMD arithmetic, when the runtime has SIMD', (t) => {
  if (!wasmSimdSupported()) {
    t.pass('no WebAssembly SIMD here');
    return;
  }
  // out[0..2) = a[0..2) * b[0..2): a at byte 0, b at 16, out at 32
  const f = new WasmFunction([], []);
  f.i32Const(32).i32Const(0).simdMem(SIMD.load, 0).i32Const(16).simdMem(SIMD.load, 0).simd(SIMD.f64x2Mul);
  f.simdMem(SIMD.store, 0);
  const { memory, exports } = instantiate(wasmModule([f], ['mul']));
  const view = new Float64Array(memory.buffer);
  view.set([2, 3, 5, 7]);
  (exports.mul as () => void)();
  t.deepEqual(Array.from(view.subarray(4, 6)), [10, 21]);
});

test('README WebAssembly writer snippet', async (t) => {
  // --- README snippet (keep in sync with README.md) ---
  const { WasmFunction, wasmApi, wasmModule } = await import('@rivulet/linalg');

  const inc = new WasmFunction(['i32'], ['i32']);
  inc.get(0).i32Const(1).op(0x6a); // i32.add
  const memory = new wasmApi.Memory({ initial: 1 }); // every module imports one memory as env.memory
  const { exports } = new wasmApi.Instance(new wasmApi.Module(wasmModule([inc], ['inc'])), {
    env: { memory },
  });
  // --- end of snippet ---
  t.is((exports.inc as (x: number) => number)(1), 2);
});
