import type { WeightingState } from '@rivulet/core';
import type { DenseMatrix } from '@rivulet/linalg';
import type { ModelOrigin } from './modelOrigin.js';

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
  /**
   * The beginning of each training document's text, in row order of `W` (optional), for showing a
   * neighbour beside its id (`rivulet similar`). Added in Rivulet 0.3 within format 2: a reader that
   * does not know the field ignores it, and models without it load as before.
   */
  readonly snippets?: readonly string[];
  /**
   * Where the model was made. `saveModel` records the current runtime when this is absent; `loadModel`
   * returns it for models of format 2 (format 1 did not record it).
   */
  readonly created?: ModelOrigin;
}

/**
 * The model format version this library writes. It reads this one and every earlier one listed in
 * {@link READABLE_MODEL_FORMATS}: version 2 added `created` (runtime, ICU and Rivulet versions).
 */
export const MODEL_FORMAT_VERSION = 2;
/** The format versions `loadModel` reads. */
export const READABLE_MODEL_FORMATS: readonly number[] = [1, 2];
/** The `kind` marker of a model directory's `model.json`. */
export const MODEL_KIND = 'rivulet-model';
