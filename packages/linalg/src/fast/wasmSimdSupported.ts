import { WasmFunction, wasmModule } from './WasmWriter.js';
import { wasmApi } from './wasmApi.js';

/** Whether this runtime validates a module using fixed-width SIMD. */
export function wasmSimdSupported(): boolean {
  try {
    const f = new WasmFunction([], []);
    f.v128f64(0).op(0x1a);
    return wasmApi.validate(wasmModule([f], ['probe']));
  } catch {
    return false;
  }
}
