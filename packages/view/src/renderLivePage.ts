import { escapeHtml } from './escapeHtml.js';

/**
 * The live training page: one HTML document with its script and styles inline (nothing is fetched but the
 * server's own event stream). It reads the token from its own URL, subscribes to `/events`, and draws:
 * the loss curve (`svg#loss`, `data-points` = points drawn; log scale when the loss spans a decade), the
 * latest epoch, loss and relative change, each topic's top terms (`section[data-topic]`, `li[data-term]`),
 * warnings and the run's state (`#state[data-state]`); Stop and Cancel post to the server with the token.
 */
export function renderLivePage(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6676; --line: #d8dee8; --accent: #2563eb; --warn: #b45309; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC",
  "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: var(--ink); background: #f7f9fc; }
header { display: flex; align-items: center; gap: 1rem; padding: .8rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
h1 { font-size: 1.15rem; margin: 0; }
#state { padding: .15rem .6rem; border-radius: 999px; background: #e8eefc; font-size: .85rem; }
#state[data-state="done"] { background: #dcfce7; }
#state[data-state="failed"] { background: #fee2e2; }
.spacer { flex: 1; }
button { font: inherit; padding: .35rem .9rem; border-radius: .4rem; border: 1px solid var(--line); background: #fff; cursor: pointer; }
button#stop { border-color: var(--accent); color: var(--accent); }
button#cancel { border-color: #dc2626; color: #dc2626; }
button:disabled { opacity: .45; cursor: default; }
main { padding: 1rem 1.2rem; display: grid; gap: 1rem; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
.card { background: #fff; border: 1px solid var(--line); border-radius: .6rem; padding: .9rem 1rem; }
.card h2 { font-size: 1rem; margin: 0 0 .6rem; }
#numbers { display: grid; grid-template-columns: repeat(3, 1fr); gap: .5rem; }
#numbers div { background: #f3f6fb; border-radius: .4rem; padding: .4rem .6rem; }
#numbers b { display: block; font-size: 1.15rem; font-variant-numeric: tabular-nums; }
#numbers span { color: var(--muted); font-size: .8rem; }
svg { width: 100%; height: auto; display: block; }
#topics { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: .7rem; grid-column: 1 / -1; }
.topic h3 { margin: 0 0 .3rem; font-size: .9rem; color: var(--muted); }
.topic ol { margin: 0; padding: 0; list-style: none; }
.topic li { display: grid; grid-template-columns: 1fr 60px; gap: .4rem; align-items: center; font-size: .88rem; }
.topic .bar { height: .5rem; background: var(--accent); border-radius: .25rem; opacity: .7; }
#log { color: var(--muted); font-size: .85rem; max-height: 10rem; overflow: auto; margin: 0; padding-left: 1.1rem; }
#log .warning { color: var(--warn); }
</style>
</head>
<body>
<header>
  <h1>${escapeHtml(title)}</h1>
  <span id="state" data-state="waiting">connecting…</span>
  <span class="spacer"></span>
  <button id="stop" title="Finish the epoch under way and keep the result">Stop</button>
  <button id="cancel" title="End training now, without a result">Cancel</button>
</header>
<main>
  <section class="card">
    <h2>Loss</h2>
    <div id="numbers">
      <div><b id="epoch">–</b><span id="epoch-label">epoch</span></div>
      <div><b id="loss-value">–</b><span>loss</span></div>
      <div><b id="change">–</b><span>relative change</span></div>
    </div>
    <svg id="loss-chart" viewBox="0 0 720 260" role="img" aria-label="loss per epoch"><g id="loss" data-points="0"></g></svg>
  </section>
  <section class="card">
    <h2>Run</h2>
    <ul id="log"></ul>
  </section>
  <section id="topics" aria-label="topics"></section>
</main>
<script>
(() => {
  const token = new URLSearchParams(location.search).get('token') || '';
  const points = [];
  let kind = 'epoch';
  const $ = (id) => document.getElementById(id);
  const fmt = (v) => (typeof v === 'number' ? (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : v.toPrecision(6)) : String(v));
  const log = (text, cls) => { const li = document.createElement('li'); li.textContent = text; if (cls) li.className = cls; $('log').prepend(li); };
  const setState = (state, message) => {
    const el = $('state'); el.dataset.state = state; el.textContent = message;
    const over = state === 'done' || state === 'failed';
    $('stop').disabled = over; $('cancel').disabled = over;
  };
  const W = 720, H = 260, L = 64, R = 14, T = 12, B = 30;
  const draw = () => {
    const g = $('loss');
    g.dataset.points = String(points.length);
    if (points.length === 0) { g.innerHTML = ''; return; }
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]).filter((v) => typeof v === 'number' && v > 0);
    const x0 = Math.min(...xs), x1 = Math.max(...xs, x0 + 1);
    let y0 = Math.min(...ys), y1 = Math.max(...ys);
    const log10 = y1 / y0 > 10;
    const f = (v) => (log10 ? Math.log10(v) : v);
    if (y1 === y0) { y0 = y0 * 0.99; y1 = y1 * 1.01 || 1; }
    const sx = (x) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
    const sy = (y) => T + (1 - (f(y) - f(y0)) / (f(y1) - f(y0))) * (H - T - B);
    const path = points.filter((p) => p[1] > 0).map((p, i) => (i ? 'L' : 'M') + sx(p[0]).toFixed(1) + ',' + sy(p[1]).toFixed(1)).join('');
    const last = points[points.length - 1];
    g.innerHTML =
      '<line x1="' + L + '" y1="' + (H - B) + '" x2="' + (W - R) + '" y2="' + (H - B) + '" stroke="#d8dee8"/>' +
      '<line x1="' + L + '" y1="' + T + '" x2="' + L + '" y2="' + (H - B) + '" stroke="#d8dee8"/>' +
      '<text x="' + (L - 6) + '" y="' + (T + 10) + '" text-anchor="end" font-size="11" fill="#5b6676">' + fmt(y1) + '</text>' +
      '<text x="' + (L - 6) + '" y="' + (H - B) + '" text-anchor="end" font-size="11" fill="#5b6676">' + fmt(y0) + '</text>' +
      '<text x="' + L + '" y="' + (H - 8) + '" font-size="11" fill="#5b6676">' + kind + ' ' + x0 + '</text>' +
      '<text x="' + (W - R) + '" y="' + (H - 8) + '" text-anchor="end" font-size="11" fill="#5b6676">' + kind + ' ' + x1 + (log10 ? ' · log scale' : '') + '</text>' +
      '<path d="' + path + '" fill="none" stroke="#2563eb" stroke-width="2"/>' +
      '<circle cx="' + sx(last[0]).toFixed(1) + '" cy="' + sy(last[1] > 0 ? last[1] : y0).toFixed(1) + '" r="3.5" fill="#2563eb"/>';
  };
  let pending = false;
  const redraw = () => { if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; draw(); }); } };
  const numbers = (p) => {
    $('epoch').textContent = String(p[0]); $('epoch-label').textContent = kind;
    $('loss-value').textContent = fmt(p[1]);
    $('change').textContent = kind === 'epoch' ? fmt(p[2]) : '–';
  };
  const showTopics = (snapshot) => {
    const box = $('topics');
    box.innerHTML = '';
    box.dataset.step = String(snapshot.step);
    snapshot.topics.forEach((terms, index) => {
      const section = document.createElement('section');
      section.className = 'card topic'; section.dataset.topic = String(index);
      const h = document.createElement('h3'); h.textContent = 'Topic ' + index; section.append(h);
      const ol = document.createElement('ol');
      const max = terms.length ? terms[0][1] : 1;
      for (const [term, weight] of terms) {
        const li = document.createElement('li'); li.dataset.term = term;
        const name = document.createElement('span'); name.textContent = term;
        const bar = document.createElement('span'); bar.className = 'bar'; bar.style.width = (100 * weight / max).toFixed(1) + '%';
        li.append(name, bar); ol.append(li);
      }
      section.append(ol); box.append(section);
    });
  };
  const source = new EventSource('/events?token=' + encodeURIComponent(token));
  source.addEventListener('history', (e) => {
    const h = JSON.parse(e.data); kind = h.kind; points.length = 0; points.push(...h.points);
    if (points.length) numbers(points[points.length - 1]);
    redraw();
  });
  source.addEventListener('epoch', (e) => { kind = 'epoch'; const p = JSON.parse(e.data); points.push(p); numbers(p); redraw(); });
  source.addEventListener('batch', (e) => { kind = 'batch'; const p = JSON.parse(e.data); points.push(p); numbers(p); redraw(); });
  source.addEventListener('topics', (e) => showTopics(JSON.parse(e.data)));
  source.addEventListener('warning', (e) => { const w = JSON.parse(e.data); log(w.code + ': ' + w.message, 'warning'); });
  source.addEventListener('note', (e) => log(JSON.parse(e.data).message));
  source.addEventListener('result', (e) => {
    const r = JSON.parse(e.data);
    log('result: loss ' + fmt(r.loss) + ' after ' + r.epochs + ' ' + kind + 's' + (r.stopped ? ' (stopped)' : r.converged ? ' (converged)' : ' (limit reached)'));
  });
  let lastState = '';
  source.addEventListener('status', (e) => {
    const s = JSON.parse(e.data);
    setState(s.state, s.message);
    if (s.state !== lastState) { lastState = s.state; log(s.message); }
    if (s.state === 'done' || s.state === 'failed') source.close();
  });
  source.onerror = () => { if ($('state').dataset.state === 'training') $('state').textContent = 'reconnecting…'; };
  const post = (path) => fetch(path, { method: 'POST', headers: { 'x-rivulet-token': token } })
    .then((r) => { if (!r.ok) log(path + ' refused: ' + r.status); });
  $('stop').addEventListener('click', () => { $('stop').disabled = true; post('/stop'); });
  $('cancel').addEventListener('click', () => { $('cancel').disabled = true; $('stop').disabled = true; post('/cancel'); });
})();
</script>
</body>
</html>
`;
}
