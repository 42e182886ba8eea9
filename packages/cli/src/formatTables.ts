import { formatLoss, formatSeconds } from './Progress.js';
import type { TopicsRun } from './TopicsRun.js';

/** One row of `--components 5,10,20` comparison. */
export interface ComparisonRow {
  readonly components: number;
  readonly epochs: number;
  readonly loss: number;
  readonly converged: boolean;
  /** Mean NPMI of the topics. */
  readonly coherence: number | null;
  readonly seconds: number;
}

/** The human-readable result of `rivulet topics`: a summary line and the topics table. */
export function formatTopics(run: TopicsRun, shownTerms: number): string {
  const head =
    `${run.documents.toLocaleString('en-US')} documents × ${run.terms.toLocaleString('en-US')} terms, ` +
    `${run.components} topics by ${run.decomposer}: ` +
    `${run.epochs} epochs, loss ${formatLoss(run.loss)}${run.converged ? ' (converged)' : ' (epoch limit reached)'}, ` +
    `${formatSeconds(run.seconds.total)}`;
  const rows = run.topics.map((t) => [
    String(t.index),
    String(t.size),
    formatNumber(t.coherence),
    // A zero weight is not a term of the topic, only a filler of the top-n list.
    t.terms
      .slice(0, shownTerms)
      .filter((x) => x.weight !== 0)
      .map((x) => `${x.term} ${x.weight.toPrecision(3)}`)
      .join(' · '),
  ]);
  const mean = meanOf(run.topics.map((t) => t.coherence));
  const lines = [
    head,
    '',
    ...table(['topic', 'size', 'NPMI', 'top terms (weight)'], rows, [true, true, true, false]),
    '',
  ];
  lines.push(
    `mean NPMI coherence ${formatNumber(mean)}${run.nmi === undefined ? '' : ` · NMI vs label ${run.nmi.toFixed(4)}`}`,
  );
  return `${lines.join('\n')}\n`;
}

/** The `--components 5,10,20` table: loss and mean coherence side by side. */
export function formatComparison(rows: readonly ComparisonRow[]): string {
  const body = rows.map((r) => [
    String(r.components),
    `${r.epochs}${r.converged ? '' : '*'}`,
    formatLoss(r.loss),
    formatNumber(r.coherence),
    formatSeconds(r.seconds),
  ]);
  const lines = table(['components', 'epochs', 'loss', 'mean NPMI', 'time'], body, [
    true,
    true,
    true,
    true,
    true,
  ]);
  if (rows.some((r) => !r.converged)) lines.push('* epoch limit reached before convergence');
  return `${lines.join('\n')}\n`;
}

/** Mean of the finite values, or null. */
export function meanOf(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v !== null && Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n ? sum / n : null;
}

function formatNumber(v: number | null): string {
  return v === null || !Number.isFinite(v) ? 'n/a' : v.toFixed(3);
}

function table(header: string[], rows: string[][], right: boolean[]): string[] {
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c]))));
  const last = header.length - 1;
  const render = (cells: string[]) =>
    cells
      .map((cell, c) => {
        if (c === last && !right[c]) return cell;
        const pad = ' '.repeat(widths[c] - displayWidth(cell));
        return right[c] ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [render(header), ...rows.map(render)];
}

/** Terminal columns of a string: CJK and fullwidth characters take two. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}
