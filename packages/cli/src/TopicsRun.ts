/** One topic as the command reports it. */
export interface TopicSummary {
  /** 0-based. */
  readonly index: number;
  /** Number of documents whose largest weight is on this topic. */
  readonly size: number;
  /** NPMI of the top 10 terms (see `npmiCoherence`); null when it cannot be computed. */
  readonly coherence: number | null;
  readonly terms: readonly { readonly term: string; readonly weight: number }[];
}

/** Everything `rivulet topics` found, in the shape of its `--json` output (plus the loss curve). */
export interface TopicsRun {
  readonly settings: Record<string, unknown>;
  readonly documents: number;
  readonly terms: number;
  readonly nnz: number;
  readonly components: number;
  readonly decomposer: string;
  readonly epochs: number;
  readonly loss: number;
  readonly converged: boolean;
  readonly seconds: {
    readonly read: number;
    readonly vectorize: number;
    readonly train: number;
    readonly total: number;
  };
  readonly topics: readonly TopicSummary[];
  /** NMI of `top_topic` against `--label-field`, when given. */
  readonly nmi?: number;
  /** The loss after each epoch, in order (not part of the JSON output). */
  readonly lossCurve: readonly number[];
}
