/**
 * A decomposer written the way a third party would write one, using only the public contracts of
 * @rivulet/core and @rivulet/linalg: spherical k-means as a (hard-assignment) factorisation A ≈ W·H, where
 * H holds the unit-length cluster centroids and row i of W is the cosine of document i to its centroid
 * in that centroid's column (Dhillon & Modha 2001, "Concept decompositions for large sparse text data").
 */
import {
  type DocTermMatrix,
  definePlugin,
  factorState,
  integerOption,
  knownOptions,
  type TrainingEvent,
  type TrainingLoopOptions,
  trainingLoop,
} from '@rivulet/core';
import { DenseMatrix } from '@rivulet/linalg';
import { concatMap, type Observable } from 'rxjs';

export interface KMeansOptions extends TrainingLoopOptions {
  readonly components: number;
  readonly maxEpochs?: number;
}

export function trainKMeans(input: DocTermMatrix, options: KMeansOptions): Observable<TrainingEvent> {
  return trainingLoop(
    'kmeans',
    () => {
      knownOptions('kmeans', options, ['components', 'maxEpochs', 'scheduler', 'sliceMs', 'stop']);
      const { matrix } = input;
      const { rows, cols, indptr, indices, data } = matrix;
      const k = integerOption('kmeans', 'components', options.components, { min: 1, max: rows });
      const maxEpochs = integerOption('kmeans', 'maxEpochs', options.maxEpochs ?? 50, { min: 1 });
      const norms = new Float64Array(rows);
      let total = 0;
      for (let i = 0; i < rows; i++) {
        let s = 0;
        for (let p = indptr[i]; p < indptr[i + 1]; p++) s += data[p] * data[p];
        norms[i] = Math.sqrt(s);
        total += s;
      }
      const H = new DenseMatrix(k, cols);
      // Deterministic start: centroids from evenly spaced documents.
      for (let c = 0; c < k; c++) {
        const i = Math.floor((c * rows) / k);
        for (let p = indptr[i]; p < indptr[i + 1]; p++)
          H.data[c * cols + indices[p]] = data[p] / (norms[i] || 1);
      }
      const assign = new Int32Array(rows);
      const score = new Float64Array(rows);
      const assignAndLoss = () => {
        let loss2 = total;
        for (let i = 0; i < rows; i++) {
          let best = 0;
          let bestScore = Number.NEGATIVE_INFINITY;
          for (let c = 0; c < k; c++) {
            let s = 0;
            for (let p = indptr[i]; p < indptr[i + 1]; p++) s += data[p] * H.data[c * cols + indices[p]];
            if (s > bestScore) {
              bestScore = s;
              best = c;
            }
          }
          assign[i] = best;
          score[i] = bestScore;
          // ‖a − s·h‖² = ‖a‖² − s² for a unit centroid h and s = ⟨a, h⟩.
          loss2 -= bestScore * bestScore;
        }
        return Math.sqrt(Math.max(loss2, 0));
      };
      let loss = assignAndLoss();
      return {
        initialLoss: loss,
        maxEpochs,
        step() {
          const before = assign.slice();
          H.data.fill(0);
          for (let i = 0; i < rows; i++) {
            const base = assign[i] * cols;
            for (let p = indptr[i]; p < indptr[i + 1]; p++)
              H.data[base + indices[p]] += data[p] / (norms[i] || 1);
          }
          for (let c = 0; c < k; c++) {
            const row = H.row(c);
            let s = 0;
            for (let j = 0; j < cols; j++) s += row[j] * row[j];
            const n = Math.sqrt(s) || 1;
            for (let j = 0; j < cols; j++) row[j] /= n;
          }
          loss = assignAndLoss();
          let moved = 0;
          for (let i = 0; i < rows; i++) if (before[i] !== assign[i]) moved++;
          return { loss, converged: moved === 0 };
        },
        result(epochs, converged, stopped) {
          const W = new DenseMatrix(rows, k);
          for (let i = 0; i < rows; i++) W.data[i * k + assign[i]] = score[i];
          return { type: 'result', W, H, loss, epochs, converged, stopped };
        },
      };
    },
    options,
  );
}

/**
 * The plugin, defined with core's one helper: role, name, description, every option described, the stage
 * as an operator, and what it can do (it runs on the training loop; its factors are ≥ 0; its state is H).
 */
export const kmeansModule = definePlugin<KMeansOptions, DocTermMatrix, TrainingEvent>({
  role: 'decomposer',
  name: 'kmeans',
  description: 'spherical k-means as a hard-assignment factorisation',
  options: {
    components: { type: 'integer', min: 1, required: true, description: 'number of clusters' },
    maxEpochs: { type: 'integer', min: 1, default: 50, description: 'epoch limit' },
    sliceMs: { type: 'number', min: 0, default: 10, description: 'milliseconds of epochs between yields' },
    stop: { type: ['object', 'function'], codeOnly: true, description: 'graceful stop' },
    scheduler: { type: 'object', codeOnly: true, description: 'scheduler of the training loop' },
  },
  stage: (options) => concatMap((m: DocTermMatrix) => trainKMeans(m, options)),
  capabilities: {
    trainingLoop: true,
    nonNegative: true,
    state: factorState,
    worker: { module: import.meta.url, export: 'kmeansModule' },
  },
});
