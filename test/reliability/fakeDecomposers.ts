/**
 * Decomposer plugins that misbehave on purpose (issue 10, item 8), for the plugin-results family: each is
 * registered under its own name by the one export, so `rivulet --plugin <this file>` and a container load
 * them alike. Only this function is exported: the CLI calls every exported function as a module factory.
 */
import { type DocTermMatrix, PLUGINS, type PluginDescriptor, type TrainingEvent } from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import { ContainerModule } from 'inversify';
import { concatMap, NEVER, type Observable, of } from 'rxjs';

type Fault = (
  W: DenseMatrix,
  H: DenseMatrix,
) => Partial<Record<'W' | 'H' | 'loss', unknown>> | 'no-result' | 'never';

const FAULTS: Record<string, Fault> = {
  'fake-nan-w': (W) => {
    W.data[1] = Number.NaN;
    return {};
  },
  'fake-nan-h': (_, H) => {
    H.data[0] = Number.NaN;
    return {};
  },
  'fake-minus-infinity-w': (W) => {
    W.data[0] = Number.NEGATIVE_INFINITY;
    return {};
  },
  'fake-nan-loss': () => ({ loss: Number.NaN }),
  'fake-negative-h': (_, H) => {
    H.data[2] = -1;
    return {};
  },
  'fake-extra-columns': (W) => ({ W: new DenseMatrix(W.rows, W.cols + 3) }),
  'fake-wrong-h-columns': (_, H) => ({ H: new DenseMatrix(H.rows, H.cols + 1) }),
  'fake-missing-rows': (W) => ({ W: new DenseMatrix(Math.max(1, W.rows - 1), W.cols) }),
  'fake-no-result': () => 'no-result',
  'fake-never': () => 'never',
};

/** A stage that trains nothing and returns the fault of `name` in its result. */
function fakeStage(name: string, options?: { components?: number }) {
  const k = options?.components ?? 2;
  return {
    name,
    apply: (source: Observable<DocTermMatrix>): Observable<TrainingEvent> =>
      source.pipe(
        concatMap(({ matrix }) => {
          const W = new DenseMatrix(matrix.rows, k);
          const H = new DenseMatrix(k, matrix.cols);
          W.data.fill(0.5);
          H.data.fill(0.25);
          const fault = FAULTS[name](W, H);
          if (fault === 'never') return NEVER;
          const epoch: TrainingEvent = { type: 'epoch', epoch: 1, loss: 1, relativeChange: 0, elapsedMs: 1 };
          if (fault === 'no-result') return of(epoch);
          const result = {
            type: 'result',
            W,
            H,
            loss: 1,
            epochs: 1,
            converged: true,
            stopped: false,
            ...fault,
          };
          return of(epoch, result as TrainingEvent);
        }),
      ),
  };
}

/** Registers every fake decomposer (role `decomposer`, `capabilities.nonNegative` as NMF's descriptors say). */
export function fakeDecomposersModule(): ContainerModule {
  return new ContainerModule((load) => {
    for (const name of Object.keys(FAULTS)) {
      // A hand-made descriptor, as a plugin written without definePlugin registers one.
      const descriptor = {
        role: 'decomposer',
        name,
        description: `test plugin that misbehaves: ${name}`,
        capabilities: { nonNegative: true },
        create: (options?: { components?: number }) => fakeStage(name, options),
      } as unknown as PluginDescriptor;
      load.bind(PLUGINS).toConstantValue(descriptor);
    }
  });
}
