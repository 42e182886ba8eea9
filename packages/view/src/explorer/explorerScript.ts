/**
 * The explorer page's script (see `renderExplorer`), plain browser JavaScript over the JSON in
 * `#explorer-data`. Relevance is Sievert & Shirley's (2014, "LDAvis: A method for visualizing and
 * interpreting topics"): relevance(w|t) = λ·log p(w|t) + (1 − λ)·log(p(w|t) / p(w)), ties broken by the
 * higher p(w|t), then by the term's order in the data. Neighbours are the embedded documents with the
 * highest cosine of topic mixtures, ties by the earlier document (the rule of `rivulet similar`).
 */
export function explorerScript(): string {
  return SCRIPT;
}

const SCRIPT = `
(() => {
  'use strict';
  const data = JSON.parse(document.getElementById('explorer-data').textContent);
  const docs = data.documents;
  const SHOWN_TERMS = 30, SHOWN_HITS = 50, NEIGHBOURS = 5;
  const el = (tag, attrs, text) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const svgEl = (tag, attrs) => {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  };
  const relevance = (lambda, pwt, pw) => lambda * Math.log(pwt) + (1 - lambda) * Math.log(pwt / pw);

  const views = [];
  document.querySelectorAll('section.model').forEach((section) => {
    const m = Number(section.dataset.model);
    views.push(modelView(section, data.models[m]));
  });
  const buttons = document.querySelectorAll('nav.models button[data-model]');
  buttons.forEach((button) => button.addEventListener('click', () => {
    const chosen = button.dataset.model;
    buttons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.model === chosen)));
    document.querySelectorAll('section.model').forEach((s) => { s.hidden = s.dataset.model !== chosen; });
    document.body.dataset.model = chosen;
  }));
  document.body.dataset.model = '0';

  function modelView(section, model) {
    const k = model.components;
    const map = section.querySelector('svg.map');
    const slider = section.querySelector('input.lambda');
    const shownLambda = section.querySelector('output.lambda-value');
    const list = section.querySelector('ol.relevance');
    const title = section.querySelector('.topic-title');
    let selected = 0;
    for (let t = 1; t < k; t++) if (model.topics[t].size > model.topics[selected].size) selected = t;

    // Map: fit the points into the square, circle area proportional to the share of documents.
    const size = 400, pad = 46;
    // Signed topics (SVD) have no distances: they stand in a row, to be selected.
    const xs = model.topics.map((t, i) => (model.signed ? i : t.x)), ys = model.topics.map((t) => t.y);
    const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) || 1;
    const cx = (Math.max(...xs) + Math.min(...xs)) / 2, cy = (Math.max(...ys) + Math.min(...ys)) / 2;
    const scale = (size - 2 * pad) / span;
    const total = model.topics.reduce((s, t) => s + t.size, 0) || 1;
    const circles = [];
    map.append(svgEl('line', { x1: size / 2, y1: 8, x2: size / 2, y2: size - 8 }));
    map.append(svgEl('line', { x1: 8, y1: size / 2, x2: size - 8, y2: size / 2 }));
    if (model.signed) {
      const note = svgEl('text', { x: size / 2, y: 30 });
      note.textContent = 'signed topics (no term distributions): no map';
      map.append(note);
      slider.disabled = true;
      section.querySelector('.terms-card .hint').textContent = 'Signed topics: terms by weight (relevance needs term distributions).';
    }
    const order = model.topics.map((_, t) => t).sort((a, b) => model.topics[b].size - model.topics[a].size);
    for (const t of order) {
      const topic = model.topics[t];
      const x = size / 2 + (xs[t] - cx) * scale;
      const y = size / 2 - (topic.y - cy) * scale;
      const area = 6 + 38 * Math.sqrt(topic.size / total);
      const r = model.signed && k > 1 ? Math.min(area, Math.max(4, scale / 2 - 1)) : area;
      const circle = svgEl('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1), 'data-topic': t, tabindex: 0, role: 'button',
        'aria-label': 'topic ' + t + ', ' + topic.size + ' documents' });
      const tip = svgEl('title');
      tip.textContent = 'topic ' + t + ': ' + topic.size + ' documents (' + (100 * topic.size / total).toFixed(1) + '%)';
      circle.append(tip);
      circle.addEventListener('click', () => select(t));
      circle.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(t); } });
      circles[t] = circle;
      map.append(circle);
      const label = svgEl('text', { x: x.toFixed(1), y: y.toFixed(1) });
      label.textContent = String(t);
      map.append(label);
    }

    function terms() {
      const lambda = Number(slider.value);
      shownLambda.textContent = lambda.toFixed(2);
      const topic = model.topics[selected];
      const ranked = topic.terms.map(([index, pwt, freq], position) => ({
        index, pwt, freq, pw: data.termShare[index], position,
        score: model.signed ? pwt : relevance(lambda, pwt, data.termShare[index]),
      }));
      ranked.sort((a, b) => b.score - a.score || b.pwt - a.pwt || a.position - b.position);
      const shown = ranked.slice(0, SHOWN_TERMS);
      let max = 0;
      for (const r of shown) max = Math.max(max, data.termTotal[r.index]);
      list.replaceChildren(...shown.map((r) => {
        const inTopic = r.freq;
        const li = el('li', { 'data-term': data.terms[r.index], 'data-pwt': r.pwt, 'data-pw': r.pw, 'data-relevance': r.score, 'data-frequency': r.freq,
          title: data.terms[r.index] + ': p(w|t) ' + r.pwt + ', p(w) ' + r.pw + ', in topic ≈ ' + inTopic.toPrecision(3) + ' of ' + data.termTotal[r.index] });
        li.append(el('span', { class: 'term' }, data.terms[r.index]));
        const bars = el('span', { class: 'rel-bars' });
        if (!model.signed) {
          bars.append(el('span', { class: 'corpus', style: 'width:' + (100 * data.termTotal[r.index] / (max || 1)).toFixed(1) + '%' }));
          bars.append(el('span', { class: 'in-topic', style: 'width:' + (100 * inTopic / (max || 1)).toFixed(1) + '%' }));
        }
        li.append(bars);
        return li;
      }));
      list.dataset.lambda = String(lambda);
    }

    function select(t) {
      selected = t;
      circles.forEach((c, i) => { c.classList.toggle('selected', i === t); c.setAttribute('aria-pressed', String(i === t)); });
      title.textContent = 'Topic ' + t + ' · ' + model.topics[t].size + ' documents';
      section.dataset.selected = String(t);
      terms();
    }
    slider.addEventListener('input', terms);

    // Documents: search by id or text, then a document's mixture and its neighbours.
    const search = section.querySelector('input.doc-search');
    const results = section.querySelector('ol.doc-results');
    const detail = section.querySelector('.doc-detail');
    const snippetOf = (d) => (docs.snippets ? docs.snippets[d] : '');
    if (!docs.snippets) search.placeholder = 'search by id (this page keeps no document text)';
    const norms = model.mixtures.map((row) => Math.sqrt(row.reduce((s, v) => s + v * v, 0)));
    const hit = (d) => {
      const li = el('li', { 'data-id': docs.ids[d] });
      li.append(el('span', { class: 'doc-id' }, docs.ids[d]), document.createTextNode(' '), el('span', { class: 'snippet' }, snippetOf(d)));
      li.addEventListener('click', () => show(d, li));
      return li;
    };
    function find() {
      const query = search.value.trim().toLowerCase();
      const exact = [], rest = [];
      for (let d = 0; d < docs.ids.length && exact.length + rest.length < 5000; d++) {
        const id = docs.ids[d].toLowerCase();
        if (query === '' || id === query) (id === query ? exact : rest).push(d);
        else if (id.includes(query) || snippetOf(d).toLowerCase().includes(query)) rest.push(d);
      }
      const found = exact.concat(rest);
      results.replaceChildren(...found.slice(0, SHOWN_HITS).map(hit));
      results.dataset.found = String(found.length);
      if (found.length === 0) results.append(el('li', { class: 'none' }, 'no embedded document matches'));
    }
    function neighbours(d) {
      const row = model.mixtures[d];
      const out = [];
      for (let e = 0; e < model.mixtures.length; e++) {
        if (e === d || norms[e] === 0 || norms[d] === 0) continue;
        let dot = 0;
        const other = model.mixtures[e];
        for (let t = 0; t < k; t++) dot += row[t] * other[t];
        out.push({ e, score: dot / (norms[d] * norms[e]) });
      }
      out.sort((a, b) => b.score - a.score || a.e - b.e);
      return out.slice(0, NEIGHBOURS);
    }
    function show(d, li) {
      results.querySelectorAll('li.current').forEach((x) => x.classList.remove('current'));
      if (li) li.classList.add('current');
      detail.replaceChildren();
      detail.dataset.id = docs.ids[d];
      detail.append(el('h4', {}, 'Document ' + docs.ids[d]));
      if (docs.snippets) detail.append(el('p', { class: 'snippet' }, snippetOf(d)));
      detail.append(el('p', { class: 'hint' }, 'Topic mixture (click a topic to select it):'));
      const mixture = el('ol', { class: 'mixture' });
      const row = model.mixtures[d];
      const top = row.map((v, t) => t).sort((a, b) => row[b] - row[a] || a - b).filter((t) => row[t] !== 0);
      for (const t of top) {
        const item = el('li', { 'data-topic': t });
        const bar = el('span', { class: 'bar', style: 'width:' + Math.max(0, row[t] / 10).toFixed(1) + '%' });
        item.append(el('span', {}, 'topic ' + t), el('span', {}, ''), el('span', { class: 'weight' }, (row[t] / 1000).toFixed(3)));
        item.children[1].append(bar);
        item.addEventListener('click', () => select(t));
        mixture.append(item);
      }
      detail.append(mixture);
      const near = neighbours(d);
      detail.append(el('p', { class: 'hint' }, 'Nearest documents (cosine of topic mixtures, among the embedded ones):'));
      const ol = el('ol', { class: 'neighbours' });
      for (const n of near) {
        const item = el('li', { 'data-id': docs.ids[n.e], 'data-score': n.score });
        item.append(el('span', { class: 'score' }, n.score.toFixed(4)), el('span', { class: 'doc-id' }, docs.ids[n.e]),
          document.createTextNode(' '), el('span', { class: 'snippet' }, snippetOf(n.e)));
        item.addEventListener('click', () => show(n.e));
        ol.append(item);
      }
      if (near.length === 0) ol.append(el('li', { class: 'none' }, 'none: this document has no topic weight'));
      detail.append(ol);
    }
    search.addEventListener('input', find);
    find();
    select(selected);
    return { select };
  }
})();
`;
