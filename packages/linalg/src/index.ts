export { CsrMatrix } from './CsrMatrix.js';
export { DenseMatrix } from './DenseMatrix.js';
export { giveBackMemory, takeMemory } from './fast/memoryPool.js';
export type { WasmType } from './fast/WasmWriter.js';
export { SIMD, WasmFunction, wasmModule } from './fast/WasmWriter.js';
export type { WasmMemory } from './fast/wasmApi.js';
export { wasmApi } from './fast/wasmApi.js';
export { wasmSimdSupported } from './fast/wasmSimdSupported.js';
export { argmaxRows } from './kernels/argmaxRows.js';
export { colSums } from './kernels/colSums.js';
export { csrMulDense } from './kernels/csrMulDense.js';
export { csrSampledDot } from './kernels/csrSampledDot.js';
export { csrTransposeMulDense } from './kernels/csrTransposeMulDense.js';
export { ddot } from './kernels/ddot.js';
export { dsum } from './kernels/dsum.js';
export { gemm } from './kernels/gemm.js';
export { gemmNT } from './kernels/gemmNT.js';
export { gram } from './kernels/gram.js';
export { rowSums } from './kernels/rowSums.js';
export { syrk } from './kernels/syrk.js';
export { tileCols } from './kernels/tileCols.js';
export { tileRows } from './kernels/tileRows.js';
export { transpose } from './kernels/transpose.js';
export { zeroBelow } from './kernels/zeroBelow.js';
export { Random } from './Random.js';
export { csrTimesBlockKernel, csrTransposeTimesBlockKernel } from './svd/blockWasm.js';
export { gramKernel } from './svd/denseOps.js';
export type { RandomizedSvdOptions } from './svd/RandomizedSvd.js';
export { autoIterations, RandomizedSvd, randomizedSvd } from './svd/RandomizedSvd.js';
export { svdFlip } from './svd/svdFlip.js';
export type { SvdResult } from './svd/thinSvd.js';
export { thinSvd } from './svd/thinSvd.js';
export { chooseThreads, SMALL_WORK } from './threads/chooseThreads.js';
export {
  CTL,
  claimBlock,
  claimTag,
  finishBlock,
  MAX_BLOCKS,
  postCommand,
  waitFinished,
} from './threads/claims.js';
