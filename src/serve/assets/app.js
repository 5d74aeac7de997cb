// The browser editor of `workbench serve`. Every text of a document is put in the page as
// text (textContent, value), never as markup.
'use strict';

const PAGE = 100;
const FIRST = 200;
const STATES = ['new', 'draft', 'translated', 'reviewed', 'approved', 'rejected'];
const $ = (id) => document.getElementById(id);

const view = { name: null, segments: [], shown: 0, undo: [], observer: null, request: 0 };

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else if (key.startsWith('data-') || key === 'dir' || key === 'lang' || key === 'title' || key === 'type') node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function say(text, error) {
  const m = $('message');
  m.textContent = text;
  m.className = error ? 'error' : '';
}

async function api(path, options) {
  const response = await fetch(path, Object.assign({ headers: { 'Content-Type': 'application/json' } }, options));
  let body = null;
  try { body = await response.json(); } catch (e) { body = { error: response.statusText }; }
  return { status: response.status, body };
}

// The documents, as `workbench status` shows them.
async function showDocuments() {
  view.name = null;
  $('document').hidden = true;
  $('documents').hidden = false;
  $('where').textContent = '';
  const { status, body } = await api('/api/documents');
  if (status !== 200) return say(body.error, true);
  const rows = $('document-rows');
  rows.replaceChildren();
  for (const d of body.documents) {
    const states = STATES.filter((s) => d.states[s] > 0).map((s) => `${d.states[s]} ${s}`).join(', ');
    const glossary = d.glossary.share === null || d.glossary.share === undefined
      ? '—' : `${d.glossary.correct} of ${d.glossary.names}`;
    const last = d.last_revision ? `${d.last_revision.number}: ${d.last_revision.action}` : 'none yet';
    const link = el('a', { href: '#doc=' + encodeURIComponent(d.document), text: d.document });
    rows.append(el('tr', { 'data-document': d.document },
      el('td', null, link), el('td', { text: String(d.segments) }), el('td', { text: states }),
      el('td', { text: String(d.findings) }), el('td', { text: glossary }), el('td', { text: last }),
      el('td', { text: d.source })));
  }
}

function filterQuery() {
  const q = new URLSearchParams();
  if ($('filter-state').value) q.set('state', $('filter-state').value);
  if ($('filter-flagged').checked) q.set('flagged', '1');
  if ($('filter-kind').value) q.set('kind', $('filter-kind').value);
  if ($('filter-text').value.trim()) q.set('q', $('filter-text').value.trim());
  return q.toString();
}

async function showDocument(name) {
  $('documents').hidden = true;
  $('document').hidden = false;
  if (view.name !== name) {
    view.name = name;
    view.undo = [];
  }
  $('where').textContent = name;
  const query = filterQuery();
  const base = '/api/documents/' + encodeURIComponent(name) + '?' + query;
  // The first screen first; the rest of the segments follow in the background.
  const { status, body } = await api(base + (query ? '&' : '') + 'limit=' + FIRST);
  if (status !== 200) return say(body.error, true);
  const kind = $('filter-kind');
  const chosen = kind.value;
  kind.replaceChildren(el('option', { value: '', text: 'any' }));
  for (const k of body.kinds) kind.append(el('option', { value: k, text: k }));
  kind.value = body.kinds.includes(chosen) ? chosen : '';
  const asked = ++view.request;
  view.segments = body.segments;
  view.shown = 0;
  $('rows').replaceChildren();
  $('shown').textContent = `${body.matched} of ${body.total} segments`;
  more();
  if (body.matched > body.segments.length) {
    const rest = await api(base + (query ? '&' : '') + 'offset=' + body.segments.length);
    if (rest.status === 200 && asked === view.request) view.segments = view.segments.concat(rest.body.segments);
  }
}

// Rows are put in the page a page at a time, as the reader scrolls near the end.
function more() {
  const end = Math.min(view.shown + PAGE, view.segments.length);
  const rows = $('rows');
  for (let i = view.shown; i < end; i++) rows.append(row(view.segments[i]));
  view.shown = end;
}

function row(seg) {
  const source = el('div', { class: 'source', dir: 'rtl', lang: 'ar', 'data-field': 'source' });
  for (const span of seg.spans) {
    if (span.term) source.append(el('span', { class: 'term', title: 'the glossary requires: ' + span.term, text: span.text }));
    else source.append(document.createTextNode(span.text));
  }
  const target = el('textarea', { dir: 'ltr', lang: 'en', 'data-field': 'target', rows: 2 });
  target.value = seg.target;
  target.addEventListener('focus', () => setCurrent(seg.id));
  const approve = el('button', { type: 'button', 'data-action': 'approve', text: 'approve' });
  approve.addEventListener('click', () => save(seg.id, { approve: true }));
  const historyButton = el('button', { type: 'button', 'data-action': 'history', text: `history (${seg.versions + 1})` });
  const history = el('div', { class: 'history' });
  historyButton.addEventListener('click', () => showHistory(seg.id, history));
  const findings = el('ul', { class: 'findings' });
  for (const f of seg.findings) {
    const evidence = (f.evidence || []).map((e) => e.text).join(' · ');
    findings.append(el('li', { class: f.severity, text: `${f.severity} ${f.kind}: ${f.message}` + (evidence ? ` (${evidence})` : '') }));
  }
  // The best translation-memory match elsewhere in the project, as text.
  const memory = seg.memory
    ? el('div', { class: 'memory', 'data-field': 'memory' },
      el('span', { class: 'score', text: `memory ${seg.memory.score}%` }),
      el('span', { text: ` ${seg.memory.document} #${seg.memory.id}: ` }),
      el('span', { lang: 'en', text: seg.memory.target }),
      el('div', { class: 'diff', dir: 'rtl', lang: 'ar', text: seg.memory.diff }))
    : null;
  const meta = el('div', { class: 'meta' },
    el('span', { text: 'origin: ' + (seg.origin || '—') }),
    el('span', { text: 'revision ' + seg.revision }),
    seg.stale ? el('span', { text: 'stale' }) : null,
    approve, historyButton);
  return el('div', { class: 'row', 'data-segment-id': String(seg.id), 'data-state': seg.state, 'data-revision': String(seg.revision) },
    el('span', { class: 'id', text: String(seg.id) }),
    el('span', null, el('span', { class: 'badge ' + seg.state, 'data-field': 'state', text: seg.state })),
    source, target, meta, seg.findings.length ? findings : null, memory, history);
}

function rowOf(id) {
  return document.querySelector(`.row[data-segment-id="${id}"]`);
}

function setCurrent(id) {
  for (const r of document.querySelectorAll('.row.current')) r.classList.remove('current');
  const r = rowOf(id);
  if (r) r.classList.add('current');
  view.current = id;
}

function focusIndex(i) {
  while (i >= view.shown && view.shown < view.segments.length) more();
  const seg = view.segments[i];
  if (!seg) return;
  const r = rowOf(seg.id);
  const t = r.querySelector('[data-field="target"]');
  t.focus();
  r.scrollIntoView({ block: 'center' });
}

function indexOf(id) {
  return view.segments.findIndex((s) => s.id === id);
}

function replaceSegment(seg) {
  const i = indexOf(seg.id);
  if (i < 0) return;
  view.segments[i] = seg;
  const old = rowOf(seg.id);
  if (old) {
    const fresh = row(seg);
    old.replaceWith(fresh);
    if (view.current === seg.id) fresh.classList.add('current');
  }
}

// Save a row's target (and approve it, when asked): one revision of the document.
async function save(id, how) {
  const i = indexOf(id);
  const seg = view.segments[i];
  const r = rowOf(id);
  if (!seg || !r) return false;
  const target = r.querySelector('[data-field="target"]').value;
  const body = { revision: seg.revision };
  if (target !== seg.target) body.target = target;
  if (how.approve) body.state = 'approved';
  if (how.force) body.force = true;
  if (how.state) body.state = how.state;
  if (how.target !== undefined) body.target = how.target;
  if (body.target === undefined && body.state === undefined) return true;
  const { status, body: answer } = await api(`/api/documents/${encodeURIComponent(view.name)}/segments/${id}`,
    { method: 'PATCH', body: JSON.stringify(body) });
  if (status === 200) {
    if (answer.revision !== seg.revision && !how.undoing) {
      view.undo.push({ id, target: seg.target, state: seg.state });
    }
    replaceSegment(answer);
    say(`segment ${id} saved: ${answer.state}, revision ${answer.revision}`);
    return true;
  }
  if (status === 409 && answer.segment) {
    replaceSegment(answer.segment);
    say(answer.error + ' — your text was: ' + target, true);
    return false;
  }
  if (status === 422) {
    say(answer.error + (answer.forcible ? ' (Alt+F approves anyway)' : ''), true);
    return false;
  }
  say(answer.error || 'the save failed', true);
  return false;
}

async function undo() {
  const last = view.undo.pop();
  if (!last) return say('nothing to undo');
  const seg = view.segments[indexOf(last.id)];
  if (!seg) return say('the segment of the last save is not shown', true);
  const r = rowOf(last.id);
  if (r) r.querySelector('[data-field="target"]').value = last.target;
  const ok = await save(last.id, { target: last.target, state: last.state, force: last.state === 'approved', undoing: true });
  if (ok) say(`undid the last save of segment ${last.id}`);
}

async function showHistory(id, box) {
  const { status, body } = await api(`/api/documents/${encodeURIComponent(view.name)}/segments/${id}`);
  if (status !== 200) return say(body.error, true);
  box.replaceChildren();
  for (const v of body.history) {
    const line = el('div', { class: 'version' },
      el('strong', { text: `revision ${v.revision} · ${v.state}` + (v.origin ? ` · ${v.origin}` : '') + (v.action ? ` · ${v.action}` : '') + ': ' }));
    for (const c of v.changes) {
      if (c.op === 'same') line.append(document.createTextNode(c.text + ' '));
      else if (c.op === 'deleted') line.append(el('del', { text: c.text }), ' ');
      else if (c.op === 'inserted') line.append(el('ins', { text: c.text }), ' ');
      else if (c.op === 'replaced') line.append(el('del', { text: c.old }), el('ins', { text: c.new }), ' ');
    }
    box.append(line);
  }
}

function nextFlagged() {
  const from = view.current === undefined ? -1 : indexOf(view.current);
  for (let i = from + 1; i < view.segments.length; i++) {
    if (view.segments[i].findings.length) return focusIndex(i);
  }
  say('no flagged segment below this one');
}

document.addEventListener('keydown', async (event) => {
  const inTarget = event.target && event.target.getAttribute && event.target.getAttribute('data-field') === 'target';
  const id = view.current;
  if (event.ctrlKey && event.key === 'Enter' && inTarget) {
    event.preventDefault();
    if (await save(id, {})) focusIndex(indexOf(id) + 1);
  } else if (event.altKey && (event.key === 'a' || event.code === 'KeyA') && id !== undefined) {
    event.preventDefault();
    if (await save(id, { approve: true })) focusIndex(indexOf(id) + 1);
  } else if (event.altKey && (event.key === 'f' || event.code === 'KeyF') && id !== undefined) {
    event.preventDefault();
    if (await save(id, { approve: true, force: true })) focusIndex(indexOf(id) + 1);
  } else if (event.altKey && (event.key === 'n' || event.code === 'KeyN')) {
    event.preventDefault();
    nextFlagged();
  } else if (event.altKey && (event.key === 'z' || event.code === 'KeyZ')) {
    event.preventDefault();
    undo();
  }
});

function route() {
  const match = /^#doc=(.+)$/.exec(location.hash);
  if (match) showDocument(decodeURIComponent(match[1]));
  else showDocuments();
}

function init() {
  const state = $('filter-state');
  for (const s of STATES) state.append(el('option', { value: s, text: s }));
  let timer = null;
  const refilter = () => { if (view.name) showDocument(view.name); };
  state.addEventListener('change', refilter);
  $('filter-flagged').addEventListener('change', refilter);
  $('filter-kind').addEventListener('change', refilter);
  $('filter-text').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(refilter, 250); });
  $('filters').addEventListener('submit', (e) => { e.preventDefault(); refilter(); });
  $('home').addEventListener('click', (e) => { e.preventDefault(); location.hash = ''; });
  view.observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting) && view.shown < view.segments.length) more();
  }, { rootMargin: '800px' });
  view.observer.observe($('more'));
  window.addEventListener('hashchange', route);
  route();
}

init();
