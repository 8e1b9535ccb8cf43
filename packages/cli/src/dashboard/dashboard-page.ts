/**
 * The dashboard's one page: plain HTML, CSS and script, no external resources (it works
 * offline). It polls `/api/stats` every second (cards, the handler table, the process list)
 * and `/api/history` every two seconds (the events chart, with axes, over the window chosen:
 * 1 min, 15 min or 1 h). Every name and value is set as text, never as HTML.
 */
export const DASHBOARD_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>mvent dashboard</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 24px; color: #1d2430; background: #f6f7f9; }
  h1 { font-size: 20px; margin: 0 0 4px; } .sub { color: #667; margin-bottom: 16px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 12px; }
  .card { background: #fff; border-radius: 8px; padding: 12px 14px; box-shadow: 0 1px 2px #0002; }
  .label { color: #667; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
  .value { font-size: 26px; font-weight: 600; margin: 4px 0; font-variant-numeric: tabular-nums; }
  svg { width: 100%; height: 48px; } polyline { fill: none; stroke: #2f6fdf; stroke-width: 2; }
  table { width: 100%; border-collapse: collapse; } td, th { text-align: left; padding: 3px 4px; font-size: 13px; }
  th { color: #667; font-weight: 500; } #error { color: #b00020; }
  .wide { grid-column: 1 / -1; } .scroll { max-height: 280px; overflow: auto; } .num { text-align: right; font-variant-numeric: tabular-nums; }
  #chart-events { height: 200px; } #chart-events text { font-size: 11px; fill: #667; }
  #chart-events line { stroke: #e3e6ea; } #chart-events polyline { stroke-width: 1.5; }
  .windows button { border: 1px solid #c9ced6; background: #fff; border-radius: 4px; padding: 2px 8px; cursor: pointer; }
  .windows button[aria-pressed=true] { background: #2f6fdf; color: #fff; border-color: #2f6fdf; }
  .legend span { margin-right: 12px; font-size: 12px; } .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
</style>
</head>
<body>
<h1>mvent <span id="pool-name"></span></h1>
<div class="sub">updated <span id="updated">never</span> · <span id="processes">0</span> process(es) attached <span id="error"></span></div>
<div class="grid">
  <div class="card wide"><div class="label">Events per second
    <span class="windows"><button data-window="60" aria-pressed="true">1 min</button><button data-window="900">15 min</button><button data-window="3600">1 h</button></span></div>
    <svg id="chart-events" data-window="60"></svg><div class="legend" id="legend"></div></div>
  <div class="card"><div class="label">Events per second, now</div><div class="value" id="event-rate">0</div>
    <div>total <span id="events-total">0</span></div><svg id="chart-event-rate"><polyline/></svg></div>
  <div class="card"><div class="label">Handler latency (ms, mean per second)</div><div class="value" id="handler-latency">0</div>
    <div>calls <span id="handler-calls">0</span></div><svg id="chart-handler-latency"><polyline/></svg></div>
  <div class="card"><div class="label">Pool</div><div class="value" id="pool-bytes">0</div>
    <div><span id="pool-entries">0</span> entries · last seq <span id="pool-seq">0</span></div><svg id="chart-pool-bytes"><polyline/></svg></div>
  <div class="card wide"><div class="label">RPC by route</div>
    <table><thead><tr><th>transport</th><th>route</th><th class="num">calls</th><th class="num">errors</th><th class="num">status codes</th><th class="num">p50 ms</th><th class="num">p95 ms</th></tr></thead><tbody id="rpc"></tbody></table></div>
  <div class="card" id="syft-card" hidden><div class="label">SyftBox <span id="syft-app"></span></div>
    <div class="value" id="syft-pending">0</div><div>pending · <span id="syft-answered">0</span> answered · <span id="syft-expired">0</span> expired</div>
    <svg id="chart-syft-pending"><polyline/></svg></div>
  <div class="card wide"><div class="label">Handlers</div>
    <div class="scroll"><table><thead><tr><th>handler</th><th class="num">calls</th><th class="num">errors</th><th class="num">refused</th><th class="num">invalid</th><th class="num">p50 ms</th><th class="num">p95 ms</th><th class="num">p99 ms</th></tr></thead><tbody id="handlers"></tbody></table></div></div>
  <div class="card wide"><div class="label">Live events <input id="tail-filter" placeholder="filter: order.* (Enter)" size="24"> <span id="tail-error"></span></div>
    <div class="scroll"><table><thead><tr><th>seq</th><th class="num">time</th><th class="num">event</th><th class="num">pid</th></tr></thead><tbody id="tail"></tbody></table></div></div>
  <div class="card wide"><div class="label">Keys (<span id="keys-total">0</span>; values only on request)</div>
    <div class="scroll"><table><thead><tr><th>key</th><th class="num">version</th><th class="num">writer pid</th><th class="num">expires in</th><th></th></tr></thead><tbody id="keys"></tbody></table></div>
    <div id="key-name"></div><pre id="key-value"></pre></div>
  <div class="card wide"><div class="label">Processes</div>
    <div class="scroll"><table><thead><tr><th>pid</th><th class="num">up</th><th class="num">last heartbeat</th><th class="num">handlers</th><th class="num">subscriptions</th><th class="num">events read</th><th class="num">behind the log</th><th class="num">gaps</th></tr></thead><tbody id="process-list"></tbody></table></div></div>
</div>
<script>
const series = {}, WINDOW = 120;
let previous;
const $ = id => document.getElementById(id);
function push(name, value) {
  const points = (series[name] ??= []);
  points.push(value);
  if (points.length > WINDOW) points.shift();
  const max = Math.max(1, ...points), svg = $('chart-' + name), w = svg.clientWidth || 280, h = 48;
  svg.querySelector('polyline').setAttribute('points',
    points.map((v, i) => (i * w / (WINDOW - 1)).toFixed(1) + ',' + (h - 2 - v / max * (h - 4)).toFixed(1)).join(' '));
}
function bytes(n) { const u = ['B','KiB','MiB','GiB']; let i = 0; while (n >= 1024 && i < 3) { n /= 1024; i++; } return (i ? n.toFixed(1) : n) + ' ' + u[i]; }
const ms = v => v === null ? '> 5000' : String(v);
const ago = (now, t) => { const s = Math.max(0, Math.round((now - t) / 1000)); return s < 120 ? s + ' s' : Math.round(s / 60) + ' min'; };
function fillTable(id, rows) {
  const body = $(id); body.innerHTML = '';
  for (const values of rows) {
    const row = body.insertRow();
    values.forEach((v, i) => { const cell = row.insertCell(); cell.textContent = v; if (i > 0) cell.className = 'num'; });
  }
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
  const series = [{ name: 'all events', values: h.points.map(p => p.total) }]
    .concat(h.names.map((name, i) => ({ name, values: h.points.map(p => p.byEvent[i]) })));
  const max = niceMax(Math.max(1, ...series.flatMap(s => s.values)));
  const end = h.points.length ? h.points[h.points.length - 1].t : Date.now(), start = end - h.window * 1000;
  const x = t => L + (t - start) / (end - start) * (W - L - R), y = v => T + (1 - v / max) * (H - T - B);
  for (const v of [0, max / 2, max]) {
    svg.append(el('line', { x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    svg.append(el('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, v >= 1000 ? (v / 1000) + 'k' : String(v)));
  }
  const unit = h.window >= 900 ? 60 : 1, label = unit === 60 ? ' min' : ' s';
  for (const f of [0, 0.5, 1]) {
    const ago = Number(((1 - f) * h.window / unit).toFixed(1));
    svg.append(el('text', { x: L + f * (W - L - R), y: H - 6, 'text-anchor': f === 0 ? 'start' : f === 1 ? 'end' : 'middle', class: 'x-label' }, ago ? '-' + ago + label : 'now'));
  }
  const legend = $('legend'); legend.replaceChildren();
  series.forEach((s, i) => {
    svg.append(el('polyline', { fill: 'none', stroke: COLORS[i % COLORS.length], 'data-series': s.name,
      points: s.values.map((v, j) => x(h.points[j].t).toFixed(1) + ',' + y(v).toFixed(1)).join(' ') }));
    const item = document.createElement('span'), box = document.createElement('i');
    box.style.background = COLORS[i % COLORS.length]; item.append(box, s.name); legend.append(item);
  });
}
async function refreshHistory() {
  try { drawHistory(await (await fetch('api/history?window=' + chartWindow)).json()); } catch (error) { $('error').textContent = '· ' + error.message; }
}
for (const button of document.querySelectorAll('.windows button')) {
  button.addEventListener('click', () => {
    chartWindow = Number(button.dataset.window);
    for (const b of document.querySelectorAll('.windows button')) b.setAttribute('aria-pressed', String(b === button));
    void refreshHistory();
  });
}
let tailFilter = '', tailAfter = 0;
const tail = [];
$('tail-filter').addEventListener('change', () => {
  tailFilter = $('tail-filter').value.trim(); tailAfter = 0; tail.length = 0; void refreshTail();
});
async function refreshTail() {
  const response = await fetch('api/tail?filter=' + encodeURIComponent(tailFilter) + '&after=' + tailAfter);
  const body = await response.json();
  $('tail-error').textContent = response.ok ? '' : body.error;
  if (!response.ok) return;
  for (const row of body) { tail.push(row); tailAfter = row.seq; }
  tail.splice(0, Math.max(0, tail.length - 100));
  fillTable('tail', tail.slice().reverse().map(e => [e.seq, new Date(e.ts).toLocaleTimeString(), e.event, e.origin]));
}
const expiresIn = (t, now) => t === null ? 'never' : ago(t, now);
async function refreshKeys() {
  const { rows, total } = await (await fetch('api/keys')).json();
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
  const { value } = await (await fetch('api/key?name=' + encodeURIComponent(key))).json();
  $('key-name').textContent = key;
  $('key-value').textContent = value ?? '(gone: expired or deleted)';
}
(async function pollHistory() {
  await Promise.all([refreshHistory(), refreshKeys().catch(() => undefined)]);
  setTimeout(pollHistory, 2000);
})();
(async function pollTail() { await refreshTail().catch(() => undefined); setTimeout(pollTail, 1000); })();
async function refresh() {
  try {
    const s = await (await fetch('api/stats')).json();
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
    fillTable('rpc', s.rpc.map(r => [r.transport, r.route, r.calls, r.errors, r.statuses, ms(r.p50), ms(r.p95)]));
    fillTable('handlers', s.handlers.map(h => [h.name, h.calls, h.errors, h.refused, h.invalid, ms(h.p50), ms(h.p95), ms(h.p99)]));
    fillTable('process-list', s.processList.map(p => [p.pid, ago(s.time, p.attachedAt), ago(s.time, p.heartbeatAt) + ' ago', p.handlers, p.subscriptions, p.eventsRead, p.lag === null ? '-' : p.lag, p.gaps]));
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
// The next poll starts a second after the last one ended, never while it runs.
(async function poll() {
  await refresh();
  setTimeout(poll, 1000);
})();
</script>
</body>
</html>
`;
