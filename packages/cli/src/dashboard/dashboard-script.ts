/**
 * The page's main script: the pool selector, the cards and tables from `/api/stats` every
 * second, the events chart from `/api/history` (1 min, 15 min or 1 h), the live tail and the
 * keys. Text only: names and values are set with `textContent`.
 */
export const DASHBOARD_SCRIPT = String.raw`
const series = {}, WINDOW = 120;
let previous, currentPool = null;
const $ = id => document.getElementById(id);
/** Fetches an endpoint for the pool shown. */
function api(path, params = {}) {
  const query = new URLSearchParams(params);
  if (currentPool !== null) query.set('pool', currentPool);
  return fetch(path + '?' + query);
}
function push(name, value) {
  const points = (series[name] ??= []);
  points.push(value);
  if (points.length > WINDOW) points.shift();
  const max = Math.max(1, ...points), svg = $('chart-' + name), w = svg.clientWidth || 280, h = 48;
  svg.querySelector('polyline').setAttribute('points',
    points.map((v, i) => (i * w / (WINDOW - 1)).toFixed(1) + ',' + (h - 2 - v / max * (h - 4)).toFixed(1)).join(' '));
}
function bytes(n) { const u = ['B','KiB','MiB','GiB']; let i = 0; while (n >= 1024 && i < 3) { n /= 1024; i++; } return (i ? n.toFixed(1) : n) + ' ' + u[i]; }
const ms = v => v === null ? '> 10000' : String(v);
const ago = (now, t) => { const s = Math.max(0, Math.round((now - t) / 1000)); return s < 120 ? s + ' s' : Math.round(s / 60) + ' min'; };
function fillTable(id, rows, classes = []) {
  const body = $(id); body.innerHTML = '';
  rows.forEach((values, r) => {
    const row = body.insertRow();
    if (classes[r]) row.className = classes[r];
    values.forEach((v, i) => { const cell = row.insertCell(); cell.textContent = v; if (i > 0) cell.className = 'num'; });
  });
}
const COLORS = ['#1d2430', '#2f6fdf', '#e8710a', '#188038', '#a142f4', '#d93025'];
const SVG = 'http://www.w3.org/2000/svg';
let chartWindow = 60;
function el(name, attrs, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}
function niceMax(v) { const p = Math.pow(10, Math.floor(Math.log10(v))); return [1, 2, 5, 10].map(m => m * p).find(m => m >= v); }
function drawHistory(h) {
  const svg = $('chart-events'), W = svg.clientWidth || 800, H = 200, L = 52, R = 10, T = 8, B = 22;
  svg.dataset.window = h.window; svg.replaceChildren();
  const lines = [{ name: 'all events', values: h.points.map(p => p.total) }]
    .concat(h.names.map((name, i) => ({ name, values: h.points.map(p => p.byEvent[i]) })));
  const max = niceMax(Math.max(1, ...lines.flatMap(s => s.values)));
  const end = h.points.length ? h.points[h.points.length - 1].t : Date.now(), start = end - h.window * 1000;
  const x = t => L + (t - start) / (end - start) * (W - L - R), y = v => T + (1 - v / max) * (H - T - B);
  for (const v of [0, max / 2, max]) {
    svg.append(el('line', { x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    svg.append(el('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, v >= 1000 ? (v / 1000) + 'k' : String(v)));
  }
  const unit = h.window >= 900 ? 60 : 1, label = unit === 60 ? ' min' : ' s';
  for (const f of [0, 0.5, 1]) {
    const before = Number(((1 - f) * h.window / unit).toFixed(1));
    svg.append(el('text', { x: L + f * (W - L - R), y: H - 6, 'text-anchor': f === 0 ? 'start' : f === 1 ? 'end' : 'middle', class: 'x-label' }, before ? '-' + before + label : 'now'));
  }
  const legend = $('legend'); legend.replaceChildren();
  lines.forEach((s, i) => {
    svg.append(el('polyline', { fill: 'none', stroke: COLORS[i % COLORS.length], 'data-series': s.name,
      points: s.values.map((v, j) => x(h.points[j].t).toFixed(1) + ',' + y(v).toFixed(1)).join(' ') }));
    const item = document.createElement('span'), box = document.createElement('i');
    box.style.background = COLORS[i % COLORS.length]; item.append(box, s.name); legend.append(item);
  });
}
async function refreshHistory() {
  try { drawHistory(await (await api('api/history', { window: chartWindow })).json()); } catch (error) { $('error').textContent = '· ' + error.message; }
}
for (const button of document.querySelectorAll('.windows button')) {
  button.addEventListener('click', () => {
    chartWindow = Number(button.dataset.window);
    for (const b of document.querySelectorAll('.windows button')) b.setAttribute('aria-pressed', String(b === button));
    void refreshHistory();
  });
}
let tailFilter = '', tailAfter = -1;
const tail = [];
$('tail-filter').addEventListener('change', () => {
  tailFilter = $('tail-filter').value.trim(); tailAfter = -1; tail.length = 0; void refreshTail();
});
async function refreshTail() {
  const response = await api('api/tail', { filter: tailFilter, after: tailAfter });
  const body = await response.json();
  $('tail-error').textContent = response.ok ? '' : body.error;
  if (!response.ok) return;
  for (const row of body) { tail.push(row); tailAfter = row.seq; }
  tail.splice(0, Math.max(0, tail.length - 100));
  fillTable('tail', tail.slice().reverse().map(e => [e.seq, new Date(e.ts).toLocaleTimeString(), e.event, e.origin]));
}
const expiresIn = (t, now) => t === null ? 'never' : ago(t, now);
async function refreshKeys() {
  const { rows, total } = await (await api('api/keys')).json();
  $('keys-total').textContent = total;
  fillTable('keys', rows.map(k => [k.key, k.version, k.writerPid, expiresIn(k.expiresAt, Date.now())]));
  [...$('keys').rows].forEach((row, i) => {
    const button = document.createElement('button');
    button.textContent = 'show'; button.dataset.key = rows[i].key;
    button.addEventListener('click', () => void showValue(rows[i].key));
    row.insertCell().append(button);
  });
}
async function showValue(key) {
  const { value } = await (await api('api/key', { name: key })).json();
  $('key-name').textContent = key;
  $('key-value').textContent = value ?? '(gone: expired or deleted)';
}
/** Calls per second of each route since the previous poll. */
function routeRate(r, s) {
  const before = previous?.rpc.find(p => p.transport === r.transport && p.route === r.route);
  const seconds = previous ? (s.time - previous.time) / 1000 : 0;
  return seconds > 0 ? ((r.calls - (before?.calls ?? 0)) / seconds).toFixed(1) : '0.0';
}
const lastError = (e, now) => e ? e.message + ' (' + ago(now, e.at) + ' ago)' : '';
function drawProcesses(s) {
  fillTable('process-list', s.processList.map(p => p.leftAt
    ? [p.pid, p.role, p.state, '-', 'left ' + ago(s.time, p.leftAt) + ' ago', '-', '-', '-', '-', '-']
    : [p.pid, p.role, p.state, ago(s.time, p.attachedAt), ago(s.time, p.heartbeatAt) + ' ago', p.handlers, p.subscriptions, p.eventsRead, p.lag === null ? '-' : bytes(p.lag), p.gaps + (p.abandoned ? ' (+' + p.abandoned + ' abandoned)' : '')]),
    s.processList.map(p => p.state));
}
async function refresh() {
  try {
    const s = await (await api('api/stats')).json();
    const seconds = previous ? (s.time - previous.time) / 1000 : 1;
    const rate = previous ? Math.max(0, s.eventsEmitted - previous.eventsEmitted) / seconds : 0;
    const calls = previous ? s.handlerCalls - previous.handlerCalls : 0;
    const latency = calls > 0 ? (s.handlerMs - previous.handlerMs) / calls : 0;
    $('pool-name').textContent = s.pool.name;
    $('updated').textContent = new Date(s.time).toLocaleTimeString();
    $('processes').textContent = s.processes;
    $('event-rate').textContent = rate.toFixed(1);
    $('events-total').textContent = s.eventsEmitted;
    $('handler-latency').textContent = latency.toFixed(3);
    $('handler-calls').textContent = s.handlerCalls;
    $('pool-bytes').textContent = bytes(s.pool.bytes);
    $('pool-entries').textContent = s.pool.entries;
    $('pool-seq').textContent = s.pool.lastSeq;
    fillTable('rpc', s.rpc.map(r => [r.transport, r.route, r.calls, routeRate(r, s), r.errors, r.statuses, ms(r.p50), ms(r.p95)]));
    fillTable('recent-rpc', s.recentRpc.map(c => [new Date(c.at).toLocaleTimeString(), c.transport, c.route, c.sender, c.statusCode, c.durationMs.toFixed(2)]));
    fillTable('handlers', s.handlers.map(h => [h.name, h.calls, h.errors, h.refused, h.invalid, ms(h.p50), ms(h.p95), ms(h.p99), lastError(h.lastError, s.time)]));
    for (const cell of $('handlers').querySelectorAll('td:last-child')) if (cell.textContent) cell.classList.add('error');
    drawProcesses(s);
    push('event-rate', rate); push('handler-latency', latency); push('pool-bytes', s.pool.bytes);
    if (s.syft) {
      $('syft-card').hidden = false;
      $('syft-app').textContent = s.syft.app;
      $('syft-pending').textContent = s.syft.pending;
      $('syft-answered').textContent = s.syft.answered;
      $('syft-expired').textContent = s.syft.expired;
      push('syft-pending', s.syft.pending);
    }
    $('error').textContent = '';
    previous = s;
  } catch (error) {
    $('error').textContent = '· ' + error.message;
  }
}
/** Shows another pool: every panel starts over. */
function choosePool(name) {
  currentPool = name; previous = undefined; tail.length = 0; tailAfter = -1;
  for (const key of Object.keys(series)) delete series[key];
  for (const b of $('pools').querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.pool === name));
  void refresh(); void refreshHistory(); void refreshTail(); void refreshKeys(); void refreshGraph();
}
(async function listPools() {
  const names = await (await fetch('api/pools')).json();
  if (names.length < 2) return;
  $('pools').hidden = false;
  for (const name of names) {
    const button = document.createElement('button');
    button.textContent = name; button.dataset.pool = name;
    button.setAttribute('aria-pressed', String(name === names[0]));
    button.addEventListener('click', () => choosePool(name));
    $('pools').append(button);
  }
})();
(async function pollHistory() {
  await Promise.all([refreshHistory(), refreshKeys().catch(() => undefined)]);
  setTimeout(pollHistory, 2000);
})();
(async function pollTail() { await refreshTail().catch(() => undefined); setTimeout(pollTail, 1000); })();
// The next poll starts a second after the last one ended, never while it runs.
(async function poll() {
  await refresh();
  setTimeout(poll, 1000);
})();
`;
