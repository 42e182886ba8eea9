import { invalidOption } from '@rivulet/core';
import { escapeHtml } from '../escapeHtml.js';
import type { ExplorerData } from './explorerData.js';
import { explorerScript } from './explorerScript.js';

/** Options of {@link renderExplorer}. */
export interface ExplorerPageOptions {
  /** The page title. */
  readonly title: string;
  /** HTML shown above the explorer (a summary, a comparison chart): trusted, inserted as it is. */
  readonly header?: string;
  /** HTML per model, shown in that model's panel below its explorer (loss curve, settings): trusted. */
  readonly panels?: readonly string[];
  /** λ the relevance slider starts at. Default 0.6, the value Sievert & Shirley's user study found best. */
  readonly lambda?: number;
}

/**
 * The interactive topic explorer as one self-contained HTML page: its data, script and styles are inline,
 * and a Content-Security-Policy forbids it any request, so it works from disk and offline. For each model
 * (one per k of a comparison, switched by `nav button[data-model]`):
 * - an intertopic distance map (`svg.map circle[data-topic]`, placed by {@link explorerData}'s classical
 *   scaling, area proportional to the topic's share of documents); clicking a topic selects it;
 * - the selected topic's terms ranked by relevance at the slider's λ (`input.lambda`), each as bars of
 *   its estimated frequency in the topic against its total in the corpus (`ol.relevance li[data-term]`,
 *   with `data-pwt` = p(w|t) and `data-pw` = p(w));
 * - a document browser: search by id or text (`input.doc-search`), a document's topic mixture and its
 *   nearest neighbours by cosine of mixtures (`ol.neighbours li[data-id]`) with their snippets.
 * The page says how many documents it embeds when the corpus had more.
 */
export function renderExplorer(data: ExplorerData, options: ExplorerPageOptions): string {
  const lambda = options.lambda ?? 0.6;
  if (typeof lambda !== 'number' || !(lambda >= 0 && lambda <= 1)) {
    invalidOption('renderExplorer', 'lambda', 'a number in [0, 1]', lambda);
  }
  const panels = options.panels ?? [];
  const several = data.models.length > 1;
  const nav = several
    ? `<nav class="models" aria-label="models">${data.models
        .map(
          (m, i) =>
            `<button type="button" data-model="${i}" aria-pressed="${i === 0}">${escapeHtml(m.label)}</button>`,
        )
        .join('')}</nav>`
    : '';
  const { total, rows } = data.documents;
  const sample =
    rows.length < total
      ? `<p class="sample" data-shown="${rows.length}" data-total="${total}">The explorer embeds ${rows.length.toLocaleString('en-US')} of the ${total.toLocaleString('en-US')} documents, evenly spaced through the corpus, to keep this file small: search, mixtures and neighbours cover those; topic sizes and the map count every document.</p>`
      : '';
  const sections = data.models
    .map(
      (
        m,
        i,
      ) => `<section class="model" data-model="${i}" data-label="${escapeHtml(m.label)}"${i === 0 ? '' : ' hidden'}>
${several ? `<h2 class="model-title">${escapeHtml(m.label)}</h2>` : ''}
<div class="explorer">
<div class="card map-card"><h3>Intertopic distance map</h3><p class="hint">Topics placed by classical scaling of the Jensen–Shannon distances between their term distributions; area ∝ share of documents. Click a topic.</p><svg class="map" viewBox="0 0 400 400" role="group" aria-label="intertopic distance map"></svg></div>
<div class="card terms-card"><h3 class="topic-title">Topic</h3>
<label class="slider">relevance λ = <output class="lambda-value">${lambda}</output> <input class="lambda" type="range" min="0" max="1" step="0.01" value="${lambda}" aria-label="relevance lambda"></label>
<p class="hint">relevance = λ·log p(w|t) + (1 − λ)·log(p(w|t) / p(w)): λ = 1 ranks by frequency in the topic, λ = 0 by lift (Sievert &amp; Shirley 2014). <span class="key"><i class="sw topic-sw"></i>estimated frequency in the topic <i class="sw corpus-sw"></i>total in the corpus</span></p>
<ol class="relevance"></ol></div>
</div>
<div class="card docs-card"><h3>Documents</h3>
<input class="doc-search" type="search" placeholder="search by id or text (the first characters of each document)" aria-label="search documents">
<div class="docs"><ol class="doc-results"></ol><div class="doc-detail"></div></div></div>
${panels[i] ?? ''}
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(options.title)}</h1>${nav}</header>
<main>
${options.header ?? ''}
${sample}
${sections}
</main>
<script type="application/json" id="explorer-data">${jsonForScript(data)}</script>
<script>${explorerScript()}</script>
</body>
</html>
`;
}

/** JSON that cannot end its `<script>` element early: every `<` is written `\u003c`. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const STYLE = `
:root{color-scheme:light;--ink:#1d2430;--muted:#5b6676;--line:#d8dee8;--accent:#2563eb;--topic:#d9480f;--corpus:#c9d3e3}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:var(--ink);background:#f7f9fc}
header{display:flex;align-items:center;gap:1rem;flex-wrap:wrap;padding:.8rem 1.2rem;background:#fff;border-bottom:1px solid var(--line)}
h1{font-size:1.2rem;margin:0}h2{font-size:1.1rem;margin:1.4rem 0 .6rem}h3{font-size:1rem;margin:0 0 .4rem}
main{max-width:1200px;margin:0 auto;padding:1rem 1.2rem}
nav.models{display:flex;gap:.3rem;flex-wrap:wrap}
button{font:inherit;padding:.3rem .8rem;border-radius:.4rem;border:1px solid var(--line);background:#fff;cursor:pointer}
button[aria-pressed=true]{background:var(--accent);border-color:var(--accent);color:#fff}
.card{background:#fff;border:1px solid var(--line);border-radius:.6rem;padding:.8rem 1rem;margin:0 0 1rem}
.explorer{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.2fr);gap:1rem}
@media (max-width:900px){.explorer{grid-template-columns:1fr}}
.hint,.sample{color:var(--muted);font-size:12px;margin:.2rem 0 .5rem}
.sample{background:#fff8e6;border:1px solid #f0d9a0;border-radius:.4rem;padding:.4rem .6rem;font-size:13px;color:#6b4e00}
svg.map{width:100%;max-width:460px;height:auto;display:block;margin:auto;background:#fbfcfe;border:1px solid var(--line);border-radius:.4rem}
svg.map circle{fill:var(--accent);fill-opacity:.28;stroke:var(--accent);stroke-width:1;cursor:pointer}
svg.map circle.selected{fill:var(--topic);fill-opacity:.5;stroke:var(--topic);stroke-width:2}
svg.map text{font-size:11px;fill:var(--ink);pointer-events:none;text-anchor:middle;dominant-baseline:central}
svg.map line{stroke:#e3e8f0}
.slider{display:flex;align-items:center;gap:.5rem;font-size:13px}.slider input{flex:1}
.key{white-space:nowrap}.sw{display:inline-block;width:.8rem;height:.6rem;margin:0 .2rem 0 .6rem;vertical-align:middle}
.topic-sw{background:var(--topic)}.corpus-sw{background:var(--corpus)}
ol.relevance{list-style:none;margin:0;padding:0;max-height:560px;overflow:auto}
ol.relevance li{display:grid;grid-template-columns:9rem 1fr;align-items:center;gap:.5rem;font-size:12.5px;padding:1px 0}
.term{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.rel-bars{position:relative;height:.85rem}
.rel-bars span{position:absolute;left:0;top:0;bottom:0;border-radius:2px}
.rel-bars .corpus{background:var(--corpus)}.rel-bars .in-topic{background:var(--topic)}
input.doc-search{width:100%;font:inherit;padding:.4rem .6rem;border:1px solid var(--line);border-radius:.4rem}
.docs{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.3fr);gap:1rem;margin-top:.6rem}
@media (max-width:900px){.docs{grid-template-columns:1fr}}
ol.doc-results{list-style:none;margin:0;padding:0;max-height:480px;overflow:auto}
ol.doc-results li{padding:.3rem .4rem;border-bottom:1px solid #eef1f6;cursor:pointer;font-size:12.5px}
ol.doc-results li:hover,ol.doc-results li.current{background:#eef4ff}
.doc-id{font-family:ui-monospace,monospace;font-size:12px;color:var(--accent)}
.snippet{color:#333}
.doc-detail .mixture{list-style:none;margin:.4rem 0;padding:0}
.doc-detail .mixture li{display:grid;grid-template-columns:4.5rem 1fr 3rem;gap:.4rem;align-items:center;font-size:12px;cursor:pointer}
.doc-detail .mixture .bar{display:block;height:.6rem;background:var(--accent);border-radius:2px}
svg.map circle:focus{outline:none}svg.map circle:focus-visible{stroke-width:3}
ol.neighbours{margin:.3rem 0;padding-left:1.3rem;font-size:12.5px}ol.neighbours li{margin:.2rem 0}
.score{font-family:ui-monospace,monospace;color:var(--muted);margin-right:.4rem}
table{border-collapse:collapse}th,td{text-align:left;padding:.15rem .8rem .15rem 0;vertical-align:top}
th{font-weight:600;color:#555}td{font-family:ui-monospace,monospace;font-size:12px}
.topics{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:1rem}
.topic{border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem;background:#fff}
.meta{margin:.1rem 0 .5rem;color:#666;font-size:12px}
.topic ol{list-style:none;margin:0;padding:0}
.topic li{display:grid;grid-template-columns:8rem 1fr 3.5rem;align-items:center;gap:.4rem;font-size:12px}
.topic .bar{display:block;height:.7rem;background:#3b7dd8;border-radius:2px}
.weight{color:#666;text-align:right;font-family:ui-monospace,monospace}
svg.chart{max-width:100%;height:auto}svg.chart text{font:11px system-ui,sans-serif;fill:#555}
`;
