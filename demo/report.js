// The owner page's experiment report: the same analysis as `npx clientele report`, run in this browser on the demo
// collector's log (POST /collect) or on a file the owner drops. The report chunk loads only when asked for.

const LOOP_KEY = 'clientele-demo-loop';
const $ = (sel) => document.querySelector(sel);
const panel = $('#loop-report');
const toggle = $('#loop-on');
const out = $('#report-frame');
const note = $('#report-note');
const links = $('#report-downloads');
let chunk = null;
let urls = [];

toggle.checked = localStorage.getItem(LOOP_KEY) === '1';
toggle.addEventListener('change', () => {
  localStorage.setItem(LOOP_KEY, toggle.checked ? '1' : '0');
  note.textContent = toggle.checked
    ? 'On: every demo page now runs a 50% holdout and an experiment on the home row, and forwards its events to /collect. Browse the shop, buy something, then come back for the report.'
    : 'Off: the demo forwards nothing and runs no holdout.';
});

function loadChunk() {
  return (chunk ??= new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = '/dist/clientele-report.js';
    s.onload = () => (window.__clienteleReport ? resolve(window.__clienteleReport) : reject(new Error('the report script did not register')));
    s.onerror = () => { chunk = null; reject(new Error('could not load /dist/clientele-report.js (run npm run build)')); };
    document.head.append(s);
  }));
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  urls.push(url);
  const a = document.createElement('a');
  a.className = 'btn';
  a.href = url;
  a.download = name;
  a.textContent = `Download ${name}`;
  return a;
}

async function show(text, name) {
  panel.dataset.state = 'running';
  note.textContent = `Analyzing ${name}…`;
  try {
    const m = await loadChunk();
    const { report, html, problems } = await m.reportFromText(text, name);
    urls.forEach((u) => URL.revokeObjectURL(u));
    urls = [];
    links.replaceChildren();
    if (!report) {
      out.hidden = true;
      note.textContent = problems.join('\n') || 'No events yet.';
      return;
    }
    note.textContent = `${report.events.toLocaleString('en')} events from ${report.visitors.toLocaleString('en')} visitor${report.visitors === 1 ? '' : 's'}${problems.length ? ` (${problems.length} problems: ${problems[0]})` : ''}.`;
    out.srcdoc = html;
    out.hidden = false;
    links.append(download('report.html', html, 'text/html'), download('report.json', JSON.stringify(report, null, 1), 'application/json'), download('priors.json', JSON.stringify(report.priors, null, 1), 'application/json'));
  } catch (e) {
    note.textContent = `The report failed: ${e.message}`;
  } finally {
    panel.dataset.state = 'idle';
  }
}

$('#report-collected').addEventListener('click', async () => {
  const res = await fetch('/collect', { cache: 'no-store' });
  const text = await res.text();
  if (!text.trim()) {
    note.textContent = 'The collector has no events yet: switch the loop on above, browse the shop in this browser, then try again.';
    return;
  }
  await show(text, 'the demo collector');
});
$('#report-clear').addEventListener('click', async () => {
  await fetch('/collect', { method: 'DELETE' });
  note.textContent = 'Collected events cleared.';
  out.hidden = true;
});
$('#report-file').addEventListener('change', async (e) => {
  const f = e.target.files?.[0];
  if (f) await show(await f.text(), f.name);
});
