import { formatLoss, formatSeconds } from './Progress.js';
import type { TopicsRun } from './TopicsRun.js';

const WIDTH = 720;
const HEIGHT = 260;
const PAD = { left: 70, right: 20, top: 20, bottom: 40 };

/**
 * One self-contained HTML page for a topics run: summary, settings, the loss curve as an inline SVG with
 * one point per epoch (`circle[data-epoch]`), and each topic (`section[data-topic]`) with its top terms
 * as bars, its size and coherence. No script, stylesheet, font or image is fetched.
 */
export function renderReport(run: TopicsRun, title: string): string {
  const topics = run.topics
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
        `<section class="topic" data-topic="${topic.index}"><h3>Topic ${topic.index}</h3>` +
        `<p class="meta">${topic.size} documents (${share}%) · coherence ${formatCoherence(topic.coherence)}</p>` +
        `<ol class="bars">${bars}</ol></section>`
      );
    })
    .join('\n');
  const settings = Object.entries(run.settings)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(JSON.stringify(v))}</td></tr>`)
    .join('');
  const summary = [
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
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font:14px/1.45 system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}h3{margin:.2rem 0;font-size:1rem}
table{border-collapse:collapse}th,td{text-align:left;padding:.15rem .8rem .15rem 0;vertical-align:top}
th{font-weight:600;color:#555}td{font-family:ui-monospace,monospace;font-size:12px}
.topics{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1rem}
.topic{border:1px solid #ddd;border-radius:6px;padding:.6rem .8rem}
.meta{margin:.1rem 0 .5rem;color:#666;font-size:12px}
.bars{list-style:none;margin:0;padding:0}
.bars li{display:grid;grid-template-columns:8rem 1fr 3.5rem;align-items:center;gap:.4rem;font-size:12px}
.term{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar{display:block;height:.7rem;background:#3b7dd8;border-radius:2px}
.weight{color:#666;text-align:right;font-family:ui-monospace,monospace}
svg text{font:11px system-ui,sans-serif;fill:#555}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<table class="summary">${summary}</table>
<h2>Loss per epoch</h2>
${lossCurve(run.lossCurve)}
<h2>Topics</h2>
<div class="topics">
${topics}
</div>
<h2>Settings</h2>
<table class="settings">${settings}</table>
</body>
</html>
`;
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
  return `<svg class="loss-curve" role="img" aria-label="loss per epoch" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
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

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
