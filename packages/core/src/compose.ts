import type { Newable, ServiceIdentifier } from 'inversify';
import { concat, concatMap, defer, Observable, type OperatorFunction, of, Subject, tap } from 'rxjs';
import { checkResults } from './checkResults.js';
import { definedPlugins } from './definePlugin.js';
import type { DocTermMatrix, Document } from './documents.js';
import type { OutputEvent, PipelineEvent, ResultEvent, TrainingEvent, WarningEvent } from './events.js';
import { describeValue, RivuletError } from './RivuletError.js';
import { type DataKind, type RoleSpec, roleOfToken } from './roles.js';
import type { Stage } from './Stage.js';
import type { RunControls, StopRule } from './stop.js';

/**
 * One step of a composition: a role token (resolved from the container: `TOKENIZER`, `TOKEN_FILTERS`…),
 * a stage object, an `@injectable()` stage class (resolved from the container, autobound), or a plain
 * RxJS operator.
 */
export type Step<I, O> =
  | ServiceIdentifier<Stage<I, O>>
  | Stage<I, O>
  | Newable<Stage<I, O>>
  | OperatorFunction<I, O>;

/** What a composition resolves its steps from: an inversify `Container` or a `ResolutionContext`. */
export interface StageResolver {
  get<T>(id: ServiceIdentifier<T>, options: { optional: true; autobind?: boolean }): T | undefined;
  getAll<T>(id: ServiceIdentifier<T>, options: { optional: true }): T[];
}

type Mode = 'pipe' | 'train' | 'after';

interface Entry {
  readonly step: unknown;
  readonly mode: Mode;
  readonly label: string;
  readonly input: DataKind | undefined;
  readonly output: DataKind | undefined;
}

/** A resolved stage of a pipeline. */
interface Resolved {
  readonly label: string;
  readonly mode: Mode;
  readonly stages: readonly Stage<unknown, unknown>[];
}

const STAGE = 'pipeline';

/**
 * A typed chain of stages, built step by step and resolved against a container. Each `pipe` takes a step
 * whose input is the previous step's output: a wrong order is a compile error, and (when types are
 * erased) a run-time `invalid-option` error naming both stages, raised by `pipe` for stages whose kinds
 * are known and by `resolve` for the rest.
 *
 * @example
 * ```ts
 * import { compose, DECOMPOSER, TOKEN_FILTERS, TOKENIZER, VECTORIZER } from '@rivulet/core';
 * const dropDigits = map((d: TokenizedDocument) => ({ ...d, tokens: d.tokens.filter((t) => !/\d/.test(t)) }));
 * const pipeline = compose()
 *   .pipe(TOKENIZER).pipe(TOKEN_FILTERS).pipe(dropDigits).pipe(VECTORIZER).train(DECOMPOSER)
 *   .resolve(container);
 * pipeline.run(documents$, { stop: earlyStopping({ minRelativeChange: 1e-4 }) }).subscribe(console.log);
 * ```
 */
export class Composition<I, O> {
  /** Pins the type parameters (never set): what the chain takes and emits. */
  declare private readonly types?: (input: I) => O;

  private constructor(
    private readonly entries: readonly Entry[],
    /** What the chain takes, for the run-time check of its first stage. */
    readonly input: DataKind,
  ) {}

  /** An empty chain taking `I`, of kind `input` (use {@link compose}). */
  static start<I>(input: DataKind): Composition<I, I> {
    return new Composition<I, I>([], input);
  }

  /** Appends a stage that takes what the chain emits. */
  pipe<N>(step: Step<O, N>): Composition<I, N> {
    return new Composition<I, N>([...this.entries, this.entry(step, 'pipe')], this.input);
  }

  /**
   * Appends the training stage: for each document-term matrix, one `matrix` event, then the stage's
   * training events (the decomposer role, or any stage from a matrix to training events).
   */
  train(
    this: Composition<I, DocTermMatrix>,
    step: Step<DocTermMatrix, TrainingEvent>,
  ): Composition<I, PipelineEvent> {
    return new Composition<I, PipelineEvent>([...this.entries, this.entry(step, 'train')], this.input);
  }

  /**
   * Appends a stage after training: every event passes on, and for each `result` the stage's outputs
   * follow as `output` events (`{ type: 'output', stage, value }`), e.g. the similarity index of W.
   */
  after<N>(this: Composition<I, PipelineEvent>, step: Step<ResultEvent, N>): Composition<I, PipelineEvent> {
    return new Composition<I, PipelineEvent>([...this.entries, this.entry(step, 'after')], this.input);
  }

  /** The steps' labels, in order (role names, stage names, operator names). */
  get labels(): string[] {
    return this.entries.map((e) => e.label);
  }

  /**
   * Resolves every step from `container`: role tokens of single roles must be bound, multiple roles
   * (filters) may be empty, classes are autobound.
   * @throws RivuletError `unknown-plugin` naming a role nobody bound and the modules that could fill it;
   *   `invalid-option` when a resolved stage does not take what the previous one emits.
   */
  resolve(container: StageResolver): Pipeline<I, O> {
    const resolved: Resolved[] = this.entries.map((entry) => ({
      label: entry.label,
      mode: entry.mode,
      stages: resolveStep(container, entry),
    }));
    // Kinds now known from the resolved stages (classes, tokens bound to stages that declare theirs).
    let previous: { label: string; output: DataKind | undefined } | undefined = {
      label: this.input,
      output: this.input,
    };
    for (const r of resolved) {
      for (const stage of r.stages) {
        const input = r.mode === 'after' ? 'result' : stage.input;
        if (previous && r.mode !== 'after') checkKinds(previous, { label: stage.name ?? r.label, input });
        if (r.mode === 'pipe')
          previous = { label: stage.name ?? r.label, output: stage.output ?? previous?.output };
      }
      if (r.mode === 'train') previous = { label: r.label, output: 'events' };
    }
    return new Pipeline<I, O>(resolved);
  }

  private entry(step: unknown, mode: Mode): Entry {
    const known = kindsOf(step);
    const label = labelOf(step, this.entries.length);
    const last = this.entries.at(-1);
    const previous = last
      ? { label: last.label, output: last.output }
      : { label: this.input, output: this.input };
    if (mode === 'pipe') checkKinds(previous, { label, input: known.input });
    else {
      // The slot's own input, then the step's input against what the slot hands it.
      checkKinds(previous, { label, input: mode === 'train' ? 'matrix' : 'events' });
      const slot = mode === 'train' ? 'matrix' : 'result';
      checkKinds(
        { label: mode === 'train' ? 'train' : 'after', output: slot },
        { label, input: known.input },
      );
    }
    return {
      step,
      mode,
      label,
      input: mode === 'pipe' ? known.input : mode === 'train' ? 'matrix' : 'events',
      output: mode === 'pipe' ? known.output : 'events',
    };
  }
}

/**
 * An empty composition taking documents, or `I` of kind `input` (`compose<TokenizedDocument>('tokens')`);
 * chain steps with `pipe`, `train` and `after`. The default pipeline is
 * `compose().pipe(DOCUMENT_FILTERS).pipe(TOKENIZER).pipe(TOKEN_FILTERS).pipe(VECTORIZER).train(DECOMPOSER)`.
 */
export function compose(): Composition<Document, Document>;
export function compose<I>(input: DataKind): Composition<I, I>;
export function compose<I>(input: DataKind = 'documents'): Composition<I, I> {
  return Composition.start<I>(input);
}

/** A composition resolved against a container: run it on a stream. */
export class Pipeline<I, O> {
  /** @internal built by `Composition.resolve` */
  constructor(private readonly resolved: readonly Resolved[]) {}

  /** The resolved stages' names, in order (a multiple role contributes each of its stages). */
  get stages(): string[] {
    return this.resolved.flatMap((r) => r.stages.map((s) => s.name));
  }

  /**
   * A cold stream of the chain on `source`. Per-run controls:
   * - `stop` (AbortSignal, Observable or stop rule such as `earlyStopping`): training ends gracefully,
   *   with a `result` of the factors so far, and the run completes;
   * - `signal`: aborting is a hard cancel; the stream errors with an `aborted` RivuletError.
   */
  run(source: Observable<I>, controls: RunControls = {}): Observable<O> {
    return defer(() => {
      const { signal } = controls;
      if (signal !== undefined && !(signal instanceof AbortSignal)) {
        throw new RivuletError(
          'invalid-option',
          STAGE,
          `signal must be an AbortSignal, got ${describeValue(signal)}`,
          {
            parameter: 'signal',
          },
        );
      }
      if (signal?.aborted) {
        throw new RivuletError('aborted', STAGE, 'aborted before the run started', { cause: signal.reason });
      }
      // A stop rule watches this run's own events.
      const watched = new Subject<PipelineEvent>();
      const stop =
        typeof controls.stop === 'function'
          ? (controls.stop as StopRule)(watched.asObservable())
          : controls.stop;
      const stageControls: RunControls = { signal, stop };
      let stream: Observable<unknown> = source;
      for (const r of this.resolved) stream = applyResolved(stream, r, stageControls);
      const out = stream.pipe(
        tap<unknown>({ next: (e) => watched.next(e as PipelineEvent), complete: () => watched.complete() }),
      ) as Observable<O>;
      if (signal === undefined) return out;
      return new Observable<O>((subscriber) => {
        const onAbort = () =>
          subscriber.error(
            new RivuletError('aborted', STAGE, 'aborted by the caller', { cause: signal.reason }),
          );
        signal.addEventListener('abort', onAbort, { once: true });
        const subscription = out.subscribe(subscriber);
        return () => {
          signal.removeEventListener('abort', onAbort);
          subscription.unsubscribe();
        };
      });
    });
  }
}

function applyResolved(stream: Observable<unknown>, r: Resolved, controls: RunControls): Observable<unknown> {
  if (r.mode === 'pipe') return r.stages.reduce((s, stage) => stage.apply(s, controls), stream);
  const [stage] = r.stages;
  if (r.mode === 'train') {
    return stream.pipe(
      concatMap((matrix) =>
        concat(
          of<PipelineEvent>({ type: 'matrix', matrix: matrix as DocTermMatrix }),
          emptyRowsWarning(matrix as DocTermMatrix),
          // A plugin's result is checked here, at the boundary: shapes against the matrix, finite values,
          // a result before the end (non-negativity needs the descriptor, which TopicModel.train has).
          (stage.apply(of(matrix), controls) as Observable<TrainingEvent>).pipe(
            checkResults({
              decomposer: stage.name,
              rows: (matrix as DocTermMatrix).matrix?.rows,
              cols: (matrix as DocTermMatrix).matrix?.cols,
            }),
          ),
        ),
      ),
    );
  }
  return stream.pipe(
    concatMap((event) =>
      (event as PipelineEvent).type === 'result'
        ? concat(
            of(event),
            stage
              .apply(of(event), controls)
              .pipe(concatMap((value) => of<OutputEvent>({ type: 'output', stage: stage.name, value }))),
          )
        : of(event),
    ),
  );
}

/** A `warning` when documents came out empty (no term left): they train as zero rows, silently otherwise. */
function emptyRowsWarning(dtm: DocTermMatrix): Observable<WarningEvent> {
  const m = dtm?.matrix;
  if (!m?.indptr) return of();
  let empty = 0;
  for (let i = 0; i < m.rows; i++) if (m.indptr[i + 1] === m.indptr[i]) empty++;
  if (empty === 0) return of();
  const firstIds: string[] = [];
  for (let i = 0; i < m.rows && firstIds.length < 3; i++) {
    if (m.indptr[i + 1] === m.indptr[i] && dtm.ids?.[i] !== undefined) firstIds.push(dtm.ids[i]);
  }
  return of({
    type: 'warning',
    code: 'empty-documents',
    message: `${empty} of ${m.rows} documents have no term left after tokenizing and vectorizing${firstIds.length ? ` (e.g. ${firstIds.map((id) => JSON.stringify(id)).join(', ')})` : ''}; their topic weights will be zero`,
  });
}

function resolveStep(container: StageResolver, entry: Entry): Stage<unknown, unknown>[] {
  const { step } = entry;
  const role = roleOfToken(step);
  if (typeof step === 'symbol' || typeof step === 'string') {
    if (role?.multiple) return container.getAll<Stage<unknown, unknown>>(step, { optional: true });
    const stage = container.get<Stage<unknown, unknown>>(step, { optional: true });
    if (stage === undefined) throw unbound(step, role);
    return [checkStage(stage, entry.label)];
  }
  if (isClass(step)) {
    return [
      checkStage(
        container.get(step as Newable<Stage<unknown, unknown>>, { optional: true, autobind: true }),
        entry.label,
      ),
    ];
  }
  if (typeof step === 'function') {
    const operator = step as OperatorFunction<unknown, unknown>;
    return [{ name: entry.label, apply: (source) => operator(source) }];
  }
  return [checkStage(step, entry.label)];
}

function unbound(token: symbol | string, role: RoleSpec | undefined): RivuletError {
  if (role === undefined) {
    return new RivuletError(
      'unknown-plugin',
      STAGE,
      `nothing is bound to ${String(token)}; load a module that binds it`,
      { parameter: String(token) },
    );
  }
  const candidates = [...role.modules, ...definedPlugins(role.role).map((n) => `plugin "${n}"`)];
  return new RivuletError(
    'unknown-plugin',
    STAGE,
    `no ${role.role} is bound; load a module that fills the role${candidates.length ? `: ${[...new Set(candidates)].join(', ')}` : ''}`,
    { parameter: role.role },
  );
}

function checkStage(stage: unknown, label: string): Stage<unknown, unknown> {
  if (
    stage === null ||
    typeof stage !== 'object' ||
    typeof (stage as Stage<unknown, unknown>).apply !== 'function'
  ) {
    throw new RivuletError(
      'invalid-option',
      STAGE,
      `step "${label}" must be a stage ({ name, apply(source$) }), a role token, a stage class or an operator function, got ${describeValue(stage)}`,
      { parameter: label },
    );
  }
  return stage as Stage<unknown, unknown>;
}

function isClass(value: unknown): boolean {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

function kindsOf(step: unknown): { input?: DataKind; output?: DataKind } {
  const role = roleOfToken(step);
  if (role) return { input: role.input, output: role.output };
  if (step !== null && typeof step === 'object') {
    const s = step as Stage<unknown, unknown>;
    return { input: s.input, output: s.output };
  }
  return {};
}

function labelOf(step: unknown, index: number): string {
  const role = roleOfToken(step);
  if (role) return role.role;
  if (typeof step === 'symbol') return step.description ?? `step ${index + 1}`;
  if (typeof step === 'string') return step;
  if (typeof step === 'function') return step.name || `operator ${index + 1}`;
  if (
    step !== null &&
    typeof step === 'object' &&
    typeof (step as Stage<unknown, unknown>).name === 'string'
  ) {
    return (step as Stage<unknown, unknown>).name;
  }
  return `step ${index + 1}`;
}

function checkKinds(
  previous: { label: string; output?: DataKind | undefined } | undefined,
  next: { label: string; input?: DataKind | undefined },
): void {
  const out = previous?.output;
  const input = next.input;
  if (previous === undefined || out === undefined || input === undefined) return;
  // Tokenized documents are documents too (`{ id, tokens }`, pre-tokenized).
  if (out === 'any' || input === 'any' || out === input || (out === 'tokens' && input === 'documents'))
    return;
  throw new RivuletError(
    'invalid-option',
    STAGE,
    `stage "${next.label}" (takes ${input}) cannot follow stage "${previous.label}" (emits ${out})`,
    { parameter: next.label },
  );
}
