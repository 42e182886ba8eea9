import {
  type DocTermMatrix,
  findPlugin,
  type PluginDescriptor,
  type PluginRole,
  RivuletError,
  type TokenizedDocument,
  type WeightingState,
} from '@rivulet/core';
import { CsrMatrix, type DenseMatrix } from '@rivulet/linalg';
import type { Container } from 'inversify';
import type { PluginChoice } from './ModelPipeline.js';

const STAGE = 'TopicModel';

/**
 * How a saved model turns new tokenized documents into rows with the training vocabulary and weighting.
 * @internal
 */
export type RowsOf = (documents: readonly TokenizedDocument[]) => DocTermMatrix;

/**
 * How a saved model gives topic weights (rows × components) to new rows with its topics H fixed.
 * @internal
 */
export type WeightsOf = (matrix: DocTermMatrix) => DenseMatrix;

/**
 * The vectorizer's fitted state, captured again (its `state` capability) from what its run emitted and
 * the model file keeps once: the vocabulary and the weighting (with the idf). Transforming is its
 * `transform` capability.
 * @internal
 */
export function fittedVectorizer(
  container: Container,
  choice: PluginChoice,
  vocabulary: readonly string[],
  weighting: WeightingState,
): RowsOf {
  const plugin = capable(container, 'vectorizer', choice.name);
  const options = plugin.resolveOptions(choice.options);
  const { state: stateOf, transform } = plugin.capabilities;
  const emitted: DocTermMatrix = {
    matrix: new CsrMatrix(0, vocabulary.length, new Int32Array(1), new Int32Array(0), new Float64Array(0)),
    vocabulary,
    ids: [],
    weighting,
  };
  const state = stateOf!.capture(emitted, options);
  return (documents) => transform!(state, documents, options) as DocTermMatrix;
}

/**
 * The decomposer's fitted state, captured again from the result the model file keeps (W and H), and its
 * `transform` capability (NMF: W with H fixed; SVD: the projection; a plugin: its own).
 * @internal
 */
export function fittedDecomposer(
  container: Container,
  choice: PluginChoice,
  result: { readonly H: DenseMatrix; readonly W?: DenseMatrix },
): WeightsOf {
  const plugin = capable(container, 'decomposer', choice.name);
  const options = plugin.resolveOptions(choice.options);
  const { state: stateOf, transform } = plugin.capabilities;
  const state = stateOf!.capture(
    { type: 'result', H: result.H, W: result.W, loss: 0, epochs: 0, converged: true, stopped: false },
    options,
  );
  return (matrix) => transform!(state, matrix.matrix, options) as DenseMatrix;
}

/** The plugin, which must declare the `state` and `transform` capabilities (a `definePlugin` descriptor). */
function capable(container: Container, role: PluginRole, name: string): PluginDescriptor {
  const plugin = findPlugin(container, role, name);
  const { state, transform } = plugin.capabilities ?? {};
  if (!state || typeof transform !== 'function' || typeof plugin.resolveOptions !== 'function') {
    throw new RivuletError(
      'invalid-option',
      STAGE,
      `the ${role} ${JSON.stringify(name)} declares no ${state ? 'transform' : 'state'} capability, so a model made with it cannot read new ${role === 'vectorizer' ? 'documents' : 'rows'}; it can still show its topics and neighbours`,
      { parameter: role },
    );
  }
  return plugin;
}
