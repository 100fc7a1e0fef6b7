// The owner page's in-browser site-model build: the dropped log goes to dist/clientele-build-worker.js,
// which reads and trains off the main thread; this page only draws progress and offers the files.
// Plain messages (no bundler here): { type: 'clientele:build', id, file, options } -> progress ... done.

const WORKER_URL = '/dist/clientele-build-worker.js';
const $ = (sel) => document.querySelector(sel);
const panel = $('#build-model');
const drop = $('#drop');
const fileInput = drop.querySelector('input[type=file]');
const bar = $('#progress');
const log = $('#log');

/** h('td', { class: 'x' }, 'text') — text is set as text, never as HTML. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null && v !== false) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

const num = (n) => Number(n).toLocaleString('en');
const size = (b) => (b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MB` : `${(b / 1024).toFixed(1)} KB`);
const secs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(1)} s`);
const MODEL_NAMES = { popularity: 'Popularity', itemKnn: 'Item k-NN', rp3beta: 'RP3beta', ials: 'iALS (matrix factorization)', ease: 'EASE', coVisitation: 'Co-visitation (bought together)', bpr: 'BPR' };
const SHORT_NAMES = { ...MODEL_NAMES, ials: 'iALS' };

let worker = null;
let running = null;
let urls = [];

function setState(state) {
  panel.dataset.state = state;
}

function say(text, isError = false) {
  log.textContent = text;
  log.classList.toggle('error', isError);
}

function showProgress(stage, fraction) {
  bar.value = fraction;
  // stages read "ials: holdout training"; show the model's own name
  const m = /^(\w+): (.*)$/.exec(stage);
  $('#stage').textContent = m && SHORT_NAMES[m[1]] ? `${SHORT_NAMES[m[1]]}: ${m[2]}` : stage.charAt(0).toUpperCase() + stage.slice(1);
  showPercent();
}

/** "43% · 12 s": the clock keeps moving while one long training step reports nothing. */
function showPercent() {
  const pct = `${Math.floor(bar.value * 100)}%`;
  $('#percent').textContent = running ? `${pct} · ${secs(performance.now() - running.t0)}` : pct;
}

/** The worker, started on first use; a missing bundle becomes a message, not an exception. */
function getWorker() {
  if (worker) return worker;
  worker = new Worker(WORKER_URL);
  worker.addEventListener('message', (ev) => {
    const d = ev.data;
    if (!d || !running || d.id !== running.id) return;
    if (d.type === 'clientele:progress') showProgress(d.stage, d.fraction);
    else if (d.type === 'clientele:done') finish(d.result);
  });
  worker.addEventListener('error', (ev) => {
    ev.preventDefault();
    worker = null;
    if (running) finish({ ok: false, message: `[clientele] the build worker ${WORKER_URL} could not start (${ev.message || 'not found or failed to load'}); run \`npm run build\` so dist/ holds it, and serve the repository root` });
  });
  return worker;
}

async function readCatalog() {
  const file = $('#catalog-file').files?.[0];
  if (!file) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(await file.text()) };
  } catch (e) {
    return { ok: false, message: `[clientele] the catalog "${file.name}" is not valid JSON (${e.message}); choose a JSON file with an array of products or { "products": [...] }` };
  }
}

async function start(file) {
  if (running) return;
  if (!file) return;
  for (const u of urls) URL.revokeObjectURL(u);
  urls = [];
  $('#summary').hidden = true;
  $('#download').hidden = true;
  say('');
  const catalog = await readCatalog();
  if (!catalog.ok) { setState('error'); return say(catalog.message, true); }
  running = { id: `b${Date.now()}`, file, t0: performance.now(), tick: setInterval(showPercent, 1000) };
  setState('running');
  $('#status').hidden = false;
  showProgress(`reading ${file.name}`, 0);
  const options = { holdout: $('#holdout').checked, onlyCatalog: $('#only-catalog').checked };
  if (catalog.value !== undefined) options.catalog = catalog.value;
  try {
    getWorker().postMessage({ type: 'clientele:build', id: running.id, file, options });
  } catch (e) {
    finish({ ok: false, message: `[clientele] could not start the build (${e.message}); reload the page and try again` });
  }
}

function finish(result) {
  const job = running;
  if (job) clearInterval(job.tick);
  running = null;
  if (!result.ok) {
    setState('error');
    showProgress('stopped', bar.value);
    say(result.message, true);
    return;
  }
  showProgress(`done in ${secs(result.summary.ms)}`, 1);
  setState('done');
  panel.dataset.ms = String(Math.round(result.summary.ms));
  panel.dataset.backend = result.backend;
  renderSummary(result.summary, result.backend, job?.file?.name ?? 'log');
  const notes = [];
  const skipped = Object.entries(result.summary.skipped || {});
  if (skipped.length) notes.push(`Left out: ${skipped.map(([k, v]) => `${num(v)} ${k}`).join(', ')}.`);
  for (const w of result.summary.warnings) notes.push(`Note: ${w}`);
  say(notes.join('\n'));
  // the folder to publish (manifest.json, shards/, meta/) in one zip
  const zipUrl = URL.createObjectURL(new Blob([result.zip], { type: 'application/zip' }));
  urls = [zipUrl];
  $('#download-model').href = zipUrl;
  $('#download-model').textContent = `Download the model folder (.zip, ${size(result.zip.byteLength)})`;
  $('#download').hidden = false;
  drop.querySelector('strong').textContent = 'Drop another log to build again';
}

function renderSummary(s, backend, fileName) {
  const stat = (key, label, value, note) => h('div', { class: 'stat', 'data-stat': key }, h('dt', {}, label), h('dd', {}, value, note ? h('small', {}, ' ', note) : null));
  const stats = h('dl', { class: 'stats' },
    stat('users', 'Users', num(s.users)),
    stat('items', 'Items', num(s.items)),
    stat('interactions', 'Interactions', num(s.interactions), `from ${num(s.rows)} rows`),
    stat('time', 'Build time', secs(s.ms), `read ${secs(s.readMs)}`),
    stat('backend', 'Backend', backend === 'wasm' ? 'wasm' : backend, backend === 'wasm' ? 'WebAssembly' : 'no WebAssembly'),
    stat('size', 'Model files', size(s.bytes.manifest + s.bytes.shards + s.bytes.meta), `${s.bytes.files} files`),
  );
  const measured = s.models.some((m) => m.holdout);
  const best = Math.max(...s.models.map((m) => m.holdout?.ndcg ?? -1));
  const metric = (v, cls) => (v === null || v === undefined ? h('td', {}, '—') : h('td', cls ? { class: cls } : {}, v.toFixed(4)));
  const metrics = (r, cls) => (measured ? [metric(r?.ndcg, cls), metric(r?.recall), metric(r?.hit), h('td', {}, r ? `${(r.coverage * 100).toFixed(1)}%` : '—')] : []);
  const rows = s.models.map((m) => h('tr', { 'data-model': m.name },
    h('td', {}, MODEL_NAMES[m.name] ?? m.name),
    h('td', {}, secs(m.trainMs)),
    metrics(m.holdout, m.holdout && m.holdout.ndcg === best ? 'best' : ''),
  ));
  const blendParts = Object.entries(s.blend).map(([k, v]) => `${MODEL_NAMES[k] ?? k} ${Math.round(v * 100)}%`).join(' + ');
  if (s.blendHoldout) {
    rows.push(h('tr', { class: 'blend', 'data-model': 'blend' },
      h('td', { class: 'wrap' }, 'For you, as shipped', h('small', {}, blendParts)), h('td', {}), metrics(s.blendHoldout)));
  }
  const table = h('div', { class: 'table-wrap' }, h('table', { class: 'model-table' },
    h('thead', {}, h('tr', {}, ['Model', 'Train', ...(measured ? ['NDCG@10', 'Recall@10', 'HitRate@10', 'Coverage@10'] : [])].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
  const span = s.span ? `, ${s.span.from.slice(0, 10)} to ${s.span.to.slice(0, 10)}` : '';
  $('#summary').replaceChildren(...[
    h('h3', {}, 'What the model learned'),
    h('p', { class: 'muted small' }, `${fileName}: ${s.layout} layout, ${size(s.fileBytes)}${span}.` + (s.segments ? ` Segments learned from ${num(s.segments.customers)} customers' orders.` : '')),
    stats,
    h('h3', {}, measured ? 'Models, each alone as the for-you row, scored on each user\'s last 10% of interactions' : 'Models'),
    table,
    measured ? null : h('p', { class: 'muted small' }, 'No holdout was measured; tick "Measure quality" to see NDCG@10 per model.'),
  ].filter(Boolean));
  $('#summary').hidden = false;
}

fileInput.addEventListener('change', () => {
  const f = fileInput.files?.[0];
  fileInput.value = '';
  void start(f);
});
drop.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); fileInput.click(); }
});
drop.addEventListener('dragover', (ev) => { ev.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (ev) => {
  ev.preventDefault();
  drop.classList.remove('over');
  void start(ev.dataTransfer?.files?.[0]);
});

// The repository's sample log, for owners who want to see a build before exporting their own.
document.getElementById('use-sample')?.addEventListener('click', async () => {
  try {
    const res = await fetch('/demo/data/sample-log.csv');
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    void start(new File([await res.blob()], 'sample-log.csv', { type: 'text/csv' }));
  } catch (e) {
    say(`Could not fetch the sample log (${e.message}); download it with the link and drop it here.`, true);
  }
});
