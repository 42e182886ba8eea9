import { type ExplorerData, escapeHtml, renderExplorer } from '@rivulet/view';
import { formatLoss, formatSeconds } from './Progress.js';
import type { TopicsRun } from './TopicsRun.js';

const WIDTH = 720;
const HEIGHT = 260;
const PAD = { left: 70, right: 20, top: 20, bottom: 40 };

/**
 * The `--report` page, one self-contained HTML file that works offline from disk: the interactive topic
 * explorer of `@rivulet/view` (intertopic map, λ relevance slider, term bars, document browser) for each k,
 * and beside it what the run found — summary, loss curve (`svg.loss-curve circle[data-epoch]`, one point
 * per epoch), each topic (`section.topic[data-topic]`) with its top terms, size and coherence, and the
 * settings. With several k (`--components 5,10,20`) the page opens with loss and mean NPMI coherence per
 * k on one chart (`svg.comparison`), and a switch between the k.
 */
export function renderReport(runs: readonly TopicsRun[], explorer: ExplorerData, title: string): string {
  const several = runs.length > 1;
  const header = several
    ? `<div class="card"><h2>Loss and coherence per k</h2>${comparisonChart(runs)}</div>`
    : `<div class="card"><table class="summary">${summaryRows(runs[0])}</table></div>`;
  const panels = runs.map(
    (run) => `${several ? `<div class="card"><table class="summary">${summaryRows(run)}</table></div>` : ''}
<div class="card"><h3>Loss per epoch</h3>
${lossCurve(run.lossCurve)}</div>
<h3>Topics</h3>
<div class="topics">
${topicSections(run)}
</div>
<h3>Settings</h3>
<table class="settings">${settingRows(run)}</table>`,
  );
  return renderExplorer(explorer, { title, header, panels });
}

function topicSections(run: TopicsRun): string {
  return run.topics
    .map((topic) => {
      const max = topic.terms.reduce((m, t) => Math.max(m, t.weight), 0) || 1;
      const bars = topic.terms
        .filter((t) => t.weight !== 0)
        .map(
          (t) =>
            `<li data-term="${escapeHtml(t.term)}"><span class="term">${escapeHtml(t.term)}</span>` +
            `<span class="bar" style="width:${((100 * t.weight) / max).toFixed(1)}%"></span>` +
            `<span class="weight">${t.weight.toPrecision(3)}</span></li>`,
        )
        .join('');
      const share = run.documents ? ((100 * topic.size) / run.documents).toFixed(1) : '0';
      return (
        `<section class="topic" data-topic="${topic.index}"><h4>Topic ${topic.index}</h4>` +
        `<p class="meta">${topic.size} documents (${share}%) · coherence ${formatCoherence(topic.coherence)}</p>` +
        `<ol class="bars">${bars}</ol></section>`
      );
    })
    .join('\n');
}

function settingRows(run: TopicsRun): string {
  return Object.entries(run.settings)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(JSON.stringify(v))}</td></tr>`)
    .join('');
}

function summaryRows(run: TopicsRun): string {
  return [
    ['documents', run.documents.toLocaleString('en-US')],
    ['terms', run.terms.toLocaleString('en-US')],
    ['non-zeros', run.nnz.toLocaleString('en-US')],
    ['decomposer', run.decomposer],
    ['components', String(run.components)],
    ['epochs', `${run.epochs}${run.converged ? ' (converged)' : ' (epoch limit reached)'}`],
    ['final loss', formatLoss(run.loss)],
    ['mean coherence', formatCoherence(meanCoherence(run))],
    ...(run.nmi === undefined ? [] : [['NMI vs label', run.nmi.toFixed(4)]]),
    [
      'time',
      `${formatSeconds(run.seconds.total)} (read ${formatSeconds(run.seconds.read)}, vectorize ${formatSeconds(run.seconds.vectorize)}, train ${formatSeconds(run.seconds.train)})`,
    ],
  ]
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('');
}

/**
 * Final loss (left axis, blue, `circle[data-k][data-loss]`) and mean NPMI coherence (right axis, orange,
 * `rect[data-k][data-coherence]`) per k on one chart, k evenly spaced in the order given.
 */
function comparisonChart(runs: readonly TopicsRun[]): string {
  const innerW = WIDTH - PAD.left - 70;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const bottom = PAD.top + innerH;
  const right = PAD.left + innerW;
  const x = (i: number) => PAD.left + (runs.length === 1 ? innerW / 2 : (i * innerW) / (runs.length - 1));
  const losses = runs.map((r) => r.loss);
  const coherences = runs.map((r) => meanCoherence(r));
  const scale = (values: readonly (number | null)[]) => {
    const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
    const min = Math.min(...finite);
    const max = Math.max(...finite);
    const span = max - min || Math.abs(max) || 1;
    return { min, max, y: (v: number) => PAD.top + innerH - ((v - min) / span) * innerH };
  };
  const l = scale(losses);
  const c = scale(coherences);
  const lossPoints = losses.map((v, i) => `${x(i).toFixed(1)},${l.y(v).toFixed(1)}`).join(' ');
  const cohPoints = coherences
    .map((v, i) => (v === null ? '' : `${x(i).toFixed(1)},${c.y(v).toFixed(1)}`))
    .filter((p) => p !== '')
    .join(' ');
  const marks = runs
    .map((run, i) => {
      const coh = coherences[i];
      return (
        `<circle data-k="${run.components}" data-loss="${run.loss}" cx="${x(i).toFixed(1)}" cy="${l.y(run.loss).toFixed(1)}" r="4" fill="#2563eb"><title>k=${run.components}: loss ${formatLoss(run.loss)}</title></circle>` +
        (coh === null
          ? ''
          : `<rect data-k="${run.components}" data-coherence="${coh}" x="${(x(i) - 4).toFixed(1)}" y="${(c.y(coh) - 4).toFixed(1)}" width="8" height="8" fill="#d9480f"><title>k=${run.components}: mean NPMI ${formatCoherence(coh)}</title></rect>`) +
        `<text x="${x(i).toFixed(1)}" y="${bottom + 16}" text-anchor="middle">${run.components}</text>`
      );
    })
    .join('');
  const cohAxis = Number.isFinite(c.min)
    ? `<text x="${right + 6}" y="${PAD.top + 4}" fill="#d9480f">${formatCoherence(c.max)}</text><text x="${right + 6}" y="${bottom}" fill="#d9480f">${formatCoherence(c.min)}</text>`
    : '';
  return `<svg class="chart comparison" role="img" aria-label="final loss and mean NPMI coherence per k" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${bottom}" stroke="#999"/>
<line x1="${right}" y1="${PAD.top}" x2="${right}" y2="${bottom}" stroke="#999"/>
<line x1="${PAD.left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#999"/>
<text x="${PAD.left - 6}" y="${PAD.top + 4}" text-anchor="end" fill="#2563eb">${formatLoss(l.max)}</text>
<text x="${PAD.left - 6}" y="${bottom}" text-anchor="end" fill="#2563eb">${formatLoss(l.min)}</text>
${cohAxis}
<text x="${PAD.left + innerW / 2}" y="${HEIGHT - 6}" text-anchor="middle">components k · <tspan fill="#2563eb">● final loss (left)</tspan> · <tspan fill="#d9480f">■ mean NPMI coherence (right)</tspan></text>
<polyline fill="none" stroke="#2563eb" stroke-width="1.5" points="${lossPoints}"/>
<polyline fill="none" stroke="#d9480f" stroke-width="1.5" stroke-dasharray="4 3" points="${cohPoints}"/>
${marks}
</svg>`;
}

/** The loss curve: one `circle[data-epoch]` per epoch joined by a polyline, with axis extremes labelled. */
function lossCurve(losses: readonly number[]): string {
  if (losses.length === 0) return '<p class="no-curve">This decomposer reported no epochs.</p>';
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const l of losses) {
    if (l < min) min = l;
    if (l > max) max = l;
  }
  const span = max - min || Math.abs(max) || 1;
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (e: number) =>
    PAD.left + (losses.length === 1 ? innerW / 2 : ((e - 1) * innerW) / (losses.length - 1));
  const y = (l: number) => PAD.top + innerH - ((l - min) / span) * innerH;
  const points = losses.map((l, i) => `${x(i + 1).toFixed(1)},${y(l).toFixed(1)}`).join(' ');
  const r = losses.length > 200 ? 1.2 : 2.5;
  const circles = losses
    .map(
      (l, i) =>
        `<circle data-epoch="${i + 1}" data-loss="${l}" cx="${x(i + 1).toFixed(1)}" cy="${y(l).toFixed(1)}" r="${r}" fill="#3b7dd8"><title>epoch ${i + 1}: loss ${formatLoss(l)}</title></circle>`,
    )
    .join('');
  const bottom = PAD.top + innerH;
  return `<svg class="chart loss-curve" role="img" aria-label="loss per epoch" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${bottom}" stroke="#999"/>
<line x1="${PAD.left}" y1="${bottom}" x2="${WIDTH - PAD.right}" y2="${bottom}" stroke="#999"/>
<text x="${PAD.left - 6}" y="${PAD.top + 4}" text-anchor="end">${formatLoss(max)}</text>
<text x="${PAD.left - 6}" y="${bottom}" text-anchor="end">${formatLoss(min)}</text>
<text x="${PAD.left}" y="${bottom + 16}" text-anchor="middle">1</text>
<text x="${WIDTH - PAD.right}" y="${bottom + 16}" text-anchor="middle">${losses.length}</text>
<text x="${PAD.left + innerW / 2}" y="${HEIGHT - 6}" text-anchor="middle">epoch</text>
<polyline fill="none" stroke="#3b7dd8" stroke-width="1.5" points="${points}"/>
${circles}
</svg>`;
}

function meanCoherence(run: TopicsRun): number | null {
  const values = run.topics
    .map((t) => t.coherence)
    .filter((c): c is number => c !== null && Number.isFinite(c));
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

function formatCoherence(c: number | null): string {
  return c === null || !Number.isFinite(c) ? 'n/a' : c.toFixed(3);
}
