import type { WeightingState } from '@rivulet/core';
import type { DenseMatrix } from '@rivulet/linalg';

/**
 * A trained model as `saveModel` writes it and `loadModel` reads it back: everything needed to turn new
 * text into topic weights the way the training documents were.
 */
export interface SavedModel {
  /**
   * The caller's settings (tokenizer, vectorizer, decomposer options…), opaque to the library: any JSON
   * value tree. Object keys whose value is `undefined` are left out, as `JSON.stringify` does.
   */
  readonly settings: Record<string, unknown>;
  /** The terms, in column order of `H`. */
  readonly vocabulary: readonly string[];
  /** How document-term values were weighted (with the IDF vector for TF-IDF). */
  readonly weighting: WeightingState;
  /** components × terms. */
  readonly H: DenseMatrix;
  /** documents × components, the training documents' topic weights (optional). */
  readonly W?: DenseMatrix;
  /** The training documents' ids, in row order of `W` (optional). */
  readonly ids?: readonly string[];
}

/** The model format version this library writes and reads. */
export const MODEL_FORMAT_VERSION = 1;
/** The `kind` marker of a model directory's `model.json`. */
export const MODEL_KIND = 'rivulet-model';
