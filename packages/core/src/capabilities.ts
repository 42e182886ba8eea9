import type { Observable } from 'rxjs';
import type { Document } from './documents.js';

/**
 * What a plugin's stage can do, stated on its descriptor so that tools (the CLI, the worker, model files)
 * read capabilities instead of knowing plugins by name — as scikit-learn estimators declare tags.
 */

/** Plain data: what JSON holds, plus typed arrays (a structured clone and a model file both keep them). */
export type PlainValue =
  | null
  | boolean
  | number
  | string
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Uint8Array
  | readonly PlainValue[]
  | { readonly [key: string]: PlainValue };

/** A stage's saved state: an object of {@link PlainValue}s. */
export type PlainState = { readonly [key: string]: PlainValue };

/**
 * How a stage's fitted state is captured, saved and restored: `capture` takes what a run emitted (a
 * vectorizer's matrix, a decomposer's `result`) and the options it ran with; `save` turns the state into
 * plain data; `load` turns plain data back into the state (a `model-format` RivuletError when it is not
 * one). `load(save(s))` must behave as `s` in `transform`.
 */
export interface StateCapability<S, Out = unknown, O = unknown> {
  capture(output: Out, options: O): S;
  save(state: S): PlainState;
  load(data: PlainState): S;
}

/**
 * Where a worker thread finds the plugin: a module specifier or file URL to `import()`, and the name of
 * the export that is the plugin's factory (the function `definePlugin` returned) — or a training function
 * `(matrix, options) => Observable<TrainingEvent>`. Pass `import.meta.url` of the file that defines the
 * plugin, as the built-ins do: a bare package name is resolved from where `@rivulet/core` is installed,
 * which need not see the plugin's package (checkPlugin of `@rivulet/testing` checks the import). The worker
 * imports what this names and knows no plugin by name.
 */
export interface WorkerRef {
  readonly module: string;
  readonly export: string;
}

/**
 * How a tokenizer cuts text into words, which says whether its tokens can change with the runtime:
 * - `'icu'`: the runtime's `Intl.Segmenter`, whose word breaks come from the ICU data built into Node,
 *   Deno or Bun, so the same text may give other tokens under another ICU version;
 * - `'dictionary'`: a dictionary that ships with the plugin (e.g. jieba), the same on every runtime;
 * - `'rules'`: fixed rules only (a regular expression, white space), the same on every runtime.
 */
export type SegmentationKind = 'icu' | 'dictionary' | 'rules';

/**
 * Receives one document's tokens in order, each as the characters `text[start, end)` of a string, so that
 * a tokenizer which finds its words inside a text need not cut each one out (a whole string `t` is
 * `token(t, 0, t.length)`). The default vectorizer's counter is one; it numbers spans with core's
 * {@link TermTable}.
 */
export interface TokenSink {
  /**
   * One token, `text[start, end)`. `hash`, when given, must be `TermTable.hash(text, start, end)`: a
   * tokenizer that computes it while it scans (with `HASH_SEED`, `hashStep`, `hashFinish`) saves the sink
   * a pass over the characters. A wrong hash is an `invalid-input` error, never a wrong count.
   */
  token(text: string, start: number, end: number, hash?: number): void;
}

/**
 * A tokenizer as a function of one document: hands the tokens of the `index`-th document of a stream to
 * `sink`, in order — exactly the tokens its stage emits for that document — and returns the document's
 * id. A malformed document throws the error its stage sends down the error channel.
 */
export type SpanTokenizer = (document: Document, index: number, sink: TokenSink) => string;

/** The capabilities of a plugin (all optional: absent means "cannot"). */
export interface PluginCapabilities<O = unknown, S = unknown, Out = unknown, TIn = unknown, TOut = unknown> {
  /**
   * The stage runs on core's `trainingLoop`: it yields every `sliceMs`, stops gracefully on `stop`
   * (`AbortSignal`, Observable or stop rule such as `earlyStopping`) with a result, and takes the
   * container's `SCHEDULER`. Its options schema lists `sliceMs`, `stop` and `scheduler` (and `maxEpochs`
   * when it has an epoch limit); a pipeline run's `stop` reaches it.
   */
  readonly trainingLoop?: boolean;
  /** The factors are ≥ 0 by construction (NMF): a negative entry in a result is a bug, not data. */
  readonly nonNegative?: boolean;
  /** Save and load the fitted state (see {@link StateCapability}). */
  readonly state?: StateCapability<S, Out, O>;
  /**
   * Applies a fitted (or loaded) state to new input with the plugin's options: a vectorizer's tokenized
   * documents → document-term matrix, a decomposer's rows (`CsrMatrix`, terms as in training) → W
   * (rows × components). Needs `state`.
   */
  readonly transform?: (state: S, input: TIn, options: O) => TOut;
  /** The plugin can run in a worker thread, which imports it from here (see {@link WorkerRef}). */
  readonly worker?: WorkerRef;
  /**
   * A tokenizer's way of cutting text into words (see {@link SegmentationKind}). A saved model warns when it
   * segments text with another ICU version than it was made with only for an `'icu'` tokenizer; absent
   * means the tokenizer does not depend on ICU.
   */
  readonly segmentation?: SegmentationKind;
  /**
   * A tokenizer can hand its tokens to a sink instead of emitting token arrays: the {@link SpanTokenizer}
   * of its stage with these options (an `invalid-option` RivuletError when they are bad). With
   * {@link PluginCapabilities.fitSpans} of the vectorizer, and no token filter between them, a pipeline
   * (`TopicModel.vectorize`) counts without making a string per token or an array per document.
   */
  readonly tokenSpans?: (options: O) => SpanTokenizer;
  /**
   * A vectorizer can fit on documents tokenized by a {@link SpanTokenizer}: the same output as its stage
   * applied to the tokenizer stage's documents (errors through the error channel, as there), made
   * without token arrays.
   */
  readonly fitSpans?: (
    documents: Observable<Document>,
    tokenizer: SpanTokenizer,
    options: O,
  ) => Observable<Out>;
}
