/**
 * The dashboard's one page: plain HTML, CSS and script, no external resources (it works
 * offline). It polls `/api/stats` every second and draws each series as an SVG line of the
 * last two minutes.
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
</style>
</head>
<body>
<h1>mvent <span id="pool-name"></span></h1>
<div class="sub">updated <span id="updated">never</span> · <span id="processes">0</span> process(es) attached <span id="error"></span></div>
<div class="grid">
  <div class="card"><div class="label">Events per second</div><div class="value" id="event-rate">0</div>
    <div>total <span id="events-total">0</span></div><svg id="chart-event-rate"><polyline/></svg></div>
  <div class="card"><div class="label">Handler latency (ms, mean per second)</div><div class="value" id="handler-latency">0</div>
    <div>calls <span id="handler-calls">0</span></div><svg id="chart-handler-latency"><polyline/></svg></div>
  <div class="card"><div class="label">Pool</div><div class="value" id="pool-bytes">0</div>
    <div><span id="pool-entries">0</span> entries · last seq <span id="pool-seq">0</span></div><svg id="chart-pool-bytes"><polyline/></svg></div>
  <div class="card"><div class="label">RPC by route</div>
    <table><thead><tr><th>transport</th><th>route</th><th>calls</th><th>errors</th></tr></thead><tbody id="rpc"></tbody></table></div>
  <div class="card" id="syft-card" hidden><div class="label">SyftBox <span id="syft-app"></span></div>
    <div class="value" id="syft-pending">0</div><div>pending · <span id="syft-answered">0</span> answered · <span id="syft-expired">0</span> expired</div>
    <svg id="chart-syft-pending"><polyline/></svg></div>
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
    $('rpc').innerHTML = '';
    for (const r of s.rpc) {
      const row = $('rpc').insertRow();
      for (const cell of [r.transport, r.route, r.calls, r.errors]) row.insertCell().textContent = cell;
    }
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
