import { DASHBOARD_SCRIPT } from './dashboard-script';
import { GRAPH_SCRIPT } from './dashboard-graph-script';

/**
 * The dashboard's one page: plain HTML, CSS and script, no external resources (it works
 * offline). Every name and value is set as text, never as HTML. The scripts poll the JSON
 * endpoints of `dashboard-server.ts` for the pool chosen at the top.
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
  .windows button, #pools button { border: 1px solid #c9ced6; background: #fff; border-radius: 4px; padding: 2px 8px; cursor: pointer; }
  .windows button[aria-pressed=true], #pools button[aria-pressed=true] { background: #2f6fdf; color: #fff; border-color: #2f6fdf; }
  .legend span { margin-right: 12px; font-size: 12px; } .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
  tr.stalled td, tr.died td, td.error { color: #b00020; } tr.closed td { color: #889; }
  details.module { border-top: 1px solid #e3e6ea; padding: 4px 0; } details.module summary { cursor: pointer; font-weight: 600; }
  .badge { display: inline-block; border-radius: 3px; padding: 0 5px; font-size: 11px; background: #e8eefc; color: #2f4f9f; }
  .module-parts { color: #445; font-size: 12px; margin: 4px 0 4px 14px; }
</style>
</head>
<body>
<h1>mvent <span id="pool-name"></span></h1>
<div id="pools" hidden></div>
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
  <div class="card wide"><div class="label">RPC by route (memory, SyftBox, brokers)</div>
    <table><thead><tr><th>transport</th><th>route</th><th class="num">calls</th><th class="num">per s</th><th class="num">errors</th><th class="num">status codes</th><th class="num">p50 ms</th><th class="num">p95 ms</th></tr></thead><tbody id="rpc"></tbody></table>
    <div class="label">Latest requests</div>
    <div class="scroll"><table><thead><tr><th>time</th><th class="num">transport</th><th class="num">route</th><th class="num">sender</th><th class="num">status</th><th class="num">ms</th></tr></thead><tbody id="recent-rpc"></tbody></table></div></div>
  <div class="card" id="syft-card" hidden><div class="label">SyftBox <span id="syft-app"></span></div>
    <div class="value" id="syft-pending">0</div><div>waiting · <span id="syft-answered">0</span> answered by its servers · <span id="syft-expired">0</span> expired</div>
    <svg id="chart-syft-pending"><polyline/></svg></div>
  <div class="card wide"><div class="label">Handlers</div>
    <div class="scroll"><table><thead><tr><th>handler</th><th class="num">calls</th><th class="num">errors</th><th class="num">refused</th><th class="num">invalid</th><th class="num">p50 ms</th><th class="num">p95 ms</th><th class="num">p99 ms</th><th class="num">last error</th></tr></thead><tbody id="handlers"></tbody></table></div></div>
  <div class="card wide"><div class="label">Live events <input id="tail-filter" placeholder="filter: order.* (Enter)" size="24"> <span id="tail-error"></span></div>
    <div class="scroll"><table><thead><tr><th>seq</th><th class="num">time</th><th class="num">event</th><th class="num">pid</th></tr></thead><tbody id="tail"></tbody></table></div></div>
  <div class="card wide"><div class="label">Keys (<span id="keys-total">0</span>; values only on request)</div>
    <div class="scroll"><table><thead><tr><th>key</th><th class="num">version</th><th class="num">writer pid</th><th class="num">expires in</th><th></th></tr></thead><tbody id="keys"></tbody></table></div>
    <div id="key-name"></div><pre id="key-value"></pre></div>
  <div class="card wide"><div class="label">Processes</div>
    <div class="scroll"><table><thead><tr><th>pid</th><th class="num">role</th><th class="num">state</th><th class="num">up</th><th class="num">last heartbeat</th><th class="num">handlers</th><th class="num">subscriptions</th><th class="num">events read</th><th class="num">behind the log</th><th class="num">gaps</th></tr></thead><tbody id="process-list"></tbody></table></div></div>
  <div class="card wide"><div class="label">Application <select id="graph-process"></select></div>
    <div id="graph">No process of this pool runs an mvent application with SharedMemoryModule.</div></div>
</div>
<script>
${DASHBOARD_SCRIPT}
${GRAPH_SCRIPT}
</script>
</body>
</html>
`;
