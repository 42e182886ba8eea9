import type { SnapshotOptions, TrainingLoopOptions } from '@rivulet/core';
import type { DenseMatrix } from '@rivulet/linalg';

/** The β-divergence NMF minimises: a name or β itself (2 = Frobenius, 1 = Kullback–Leibler, 0 = Itakura–Saito). */
export type BetaLoss = 'frobenius' | 'kullback-leibler' | 'itakura-saito' | number;

/** A given start: `W` rows × components, `H` components × columns, non-negative. */
export interface CustomInit {
  readonly W: DenseMatrix;
  readonly H: DenseMatrix;
}

/** How the factors start (scikit-learn's `init`). */
export type NmfInit = 'random' | 'nndsvd' | 'nndsvda' | 'nndsvdar' | CustomInit;

/**
 * Options of non-negative matrix factorisation A ≈ W·H, named after scikit-learn 1.2's `NMF` where they
 * mean the same thing.
 */
export interface NmfOptions extends TrainingLoopOptions, SnapshotOptions {
  /** Number of topics k: a positive integer (see the README for the upper bound per init). */
  readonly components: number;
  /** `'mu'` (multiplicative updates, the default) or `'cd'` (coordinate descent). */
  readonly solver?: 'mu' | 'cd';
  /** Default `'frobenius'`; others need `solver: 'mu'`. */
  readonly betaLoss?: BetaLoss;
  /** Default: `'nndsvda'` when components ≤ min(rows, cols) and nndsvd is available, else `'random'`. */
  readonly init?: NmfInit;
  /** Epoch limit (default 200); reaching it ends training with `converged: false`. */
  readonly maxEpochs?: number;
  /** Convergence tolerance (default 1e-4), in each solver's scikit-learn meaning; 0 runs every epoch. */
  readonly tol?: number;
  /** Seed of the random init and of CD's shuffle (default 0). */
  readonly seed?: number;
  /** Regularisation strength of W (default 0). */
  readonly alphaW?: number;
  /** Regularisation strength of H (default `'same'`: alphaW). */
  readonly alphaH?: number | 'same';
  /** Share of L1 in the regularisation, in [0, 1] (default 0: pure L2). */
  readonly l1Ratio?: number;
  /** CD only: visit components in a random order each sweep (default false). */
  readonly shuffle?: boolean;
  /**
   * Train in a worker thread (default false): the same events and bit-identical factors, with the host's
   * event loop left free. A `scheduler` cannot cross into a worker, so the two do not go together.
   */
  readonly worker?: boolean;
  /**
   * Precision of the factors while training: `'float64'` (default) or `'float32'` — half the memory and
   * twice the SIMD lanes, as scikit-learn keeps float32 input in float32 (losses then agree with float64 to
   * about 1e-5 relative). Results are still returned as float64 matrices. Float32 runs on the fused
   * kernels, so it needs the Frobenius loss, no regularisation and no CD shuffling.
   */
  readonly dtype?: 'float64' | 'float32';
}
