import type { TrainingEvent } from '@rivulet/core';
import type { DenseMatrix } from '@rivulet/linalg';

/** One topic's top terms: `[term, weight]` pairs, heaviest first. */
export type TopicTerms = readonly (readonly [string, number])[];

interface Settings {
  readonly vocabulary: readonly string[] | undefined;
  readonly topTerms: number;
  readonly keepSnapshots: number;
}

/** Epochs or batches kept for a late browser; beyond this only every other point is kept (the curve's shape). */
const MAX_POINTS = 200_000;

/**
 * What a browser that connects late must see, and the Server-Sent Events frames for what happens next:
 * every epoch (or batch) loss, the last `keepSnapshots` topic snapshots as top terms (not whole H
 * matrices), the result and the run's state. Memory is bounded: points are thinned past 200,000.
 */
export class TrainingHistory {
  onFrame: (frame: string) => void = () => undefined;
  private readonly points: number[][] = [];
  private kind: 'epoch' | 'batch' = 'epoch';
  private readonly snapshots: { step: number; topics: TopicTerms[] }[] = [];
  private result: Record<string, unknown> | undefined;
  private state: { state: string; message: string } = {
    state: 'waiting',
    message: 'waiting for training to start',
  };
  private readonly warnings: { code: string; message: string }[] = [];

  constructor(private readonly settings: Settings) {}

  start(): void {
    this.status('training', 'training');
  }

  add(event: TrainingEvent): void {
    switch (event.type) {
      case 'epoch': {
        const point = [event.epoch, event.loss, event.relativeChange, event.elapsedMs];
        this.push('epoch', point);
        this.onFrame(frame('epoch', point));
        break;
      }
      case 'batch': {
        const point = [event.step, event.loss, event.batchSize, event.elapsedMs];
        this.push('batch', point);
        this.onFrame(frame('batch', point));
        break;
      }
      case 'snapshot':
        this.topics(event.step, event.H);
        break;
      case 'warning':
        if (this.warnings.length < 100) this.warnings.push({ code: event.code, message: event.message });
        this.onFrame(frame('warning', { code: event.code, message: event.message }));
        break;
      case 'result':
        this.topics(event.epochs, event.H);
        this.result = {
          loss: Number.isFinite(event.loss) ? event.loss : String(event.loss),
          epochs: event.epochs,
          converged: event.converged,
          stopped: event.stopped,
        };
        this.onFrame(frame('result', this.result));
        break;
    }
  }

  complete(): void {
    this.status('done', this.result?.stopped === true ? 'stopped with a result' : 'finished');
  }

  fail(message: string): void {
    this.status('failed', message);
  }

  note(message: string): void {
    this.onFrame(frame('note', { message }));
  }

  /** Everything so far, as the frames a new browser receives first. */
  replay(): string {
    let out = `retry: 2000\n\n${frame('history', { kind: this.kind, points: this.points })}`;
    for (const w of this.warnings) out += frame('warning', w);
    for (const s of this.snapshots) out += frame('topics', s);
    if (this.result !== undefined) out += frame('result', this.result);
    out += frame('status', this.state);
    return out;
  }

  private push(kind: 'epoch' | 'batch', point: number[]): void {
    this.kind = kind;
    this.points.push(point);
    if (this.points.length > MAX_POINTS) {
      // Keep the first point and every other one after it: the curve keeps its shape in bounded memory.
      let kept = 1;
      for (let i = 2; i < this.points.length; i += 2) this.points[kept++] = this.points[i];
      this.points.length = kept;
    }
  }

  private topics(step: number, H: DenseMatrix): void {
    const topics = topTermsOf(H, this.settings.vocabulary, this.settings.topTerms);
    const snapshot = { step, topics };
    this.snapshots.push(snapshot);
    if (this.snapshots.length > this.settings.keepSnapshots) this.snapshots.shift();
    this.onFrame(frame('topics', snapshot));
  }

  private status(state: string, message: string): void {
    this.state = { state, message };
    this.onFrame(frame('status', this.state));
  }
}

/** The `n` heaviest columns of each row of H, named by `vocabulary` (or `#j`). */
export function topTermsOf(
  H: DenseMatrix,
  vocabulary: readonly string[] | undefined,
  n: number,
): TopicTerms[] {
  const topics: TopicTerms[] = [];
  for (let r = 0; r < H.rows; r++) {
    const row = H.data.subarray(r * H.cols, (r + 1) * H.cols);
    const best: number[] = [];
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      if (!(v > 0)) continue;
      if (best.length < n) {
        best.push(j);
        for (let i = best.length - 1; i > 0 && row[best[i]] > row[best[i - 1]]; i--) {
          [best[i], best[i - 1]] = [best[i - 1], best[i]];
        }
      } else if (v > row[best[n - 1]]) {
        best[n - 1] = j;
        for (let i = n - 1; i > 0 && row[best[i]] > row[best[i - 1]]; i--) {
          [best[i], best[i - 1]] = [best[i - 1], best[i]];
        }
      }
    }
    topics.push(best.map((j) => [vocabulary?.[j] ?? `#${j}`, row[j]] as const));
  }
  return topics;
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
