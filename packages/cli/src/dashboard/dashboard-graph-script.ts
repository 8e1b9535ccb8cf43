/**
 * The page's application panel: each process's graph from `/api/graph` (modules with their
 * imports, providers and controllers; each handler with its transport, trigger and
 * enhancers), one process at a time, redrawn only when it changes so that open modules stay
 * open.
 */
export const GRAPH_SCRIPT = String.raw`
let graphs = [], drawnGraph = '';
const graphKey = g => g.role + ' · pid ' + g.pid;
function text(tag, value, className) {
  const node = document.createElement(tag);
  node.textContent = value;
  if (className) node.className = className;
  return node;
}
function drawGraph() {
  const chosen = graphs.find(g => String(g.pid) === $('graph-process').value) ?? graphs[0];
  const json = chosen ? JSON.stringify(chosen.graph) : '';
  if (json === drawnGraph) return;
  drawnGraph = json;
  const root = $('graph');
  if (!chosen) { root.textContent = 'No process of this pool runs an mvent application with SharedMemoryModule.'; return; }
  root.replaceChildren();
  for (const module of chosen.graph.modules) {
    const handlers = chosen.graph.handlers.filter(h => h.module === module.name);
    const details = document.createElement('details');
    details.className = 'module'; details.dataset.module = module.name;
    const summary = text('summary', module.name + ' ');
    if (module.global) summary.append(text('span', 'global', 'badge'));
    summary.append(text('small', ' ' + handlers.length + ' handler(s)'));
    details.append(summary);
    for (const part of ['imports', 'providers', 'controllers', 'exports']) {
      if (module[part].length) details.append(text('div', part + ': ' + module[part].join(', '), 'module-parts'));
    }
    if (handlers.length) {
      const table = document.createElement('table');
      const head = table.createTHead().insertRow();
      for (const title of ['handler', 'transport', 'answers', 'guards', 'interceptors', 'pipes', 'filters']) head.append(text('th', title));
      const body = table.createTBody();
      for (const h of handlers) {
        const row = body.insertRow();
        row.dataset.handler = h.handler;
        row.insertCell().textContent = h.handler;
        row.insertCell().append(text('span', h.transport, 'badge'));
        for (const value of [h.trigger, h.guards, h.interceptors, h.pipes, h.filters]) {
          row.insertCell().textContent = Array.isArray(value) ? value.join(', ') || '-' : value;
        }
      }
      details.append(table);
    }
    root.append(details);
  }
  if (chosen.graph.handlersLeftOut) root.append(text('div', chosen.graph.handlersLeftOut + ' handler(s) left out (the graph is kept under 64 KiB)'));
}
async function refreshGraph() {
  graphs = await (await api('api/graph')).json();
  const select = $('graph-process'), value = select.value;
  select.replaceChildren(...graphs.map(g => { const o = text('option', graphKey(g)); o.value = String(g.pid); return o; }));
  if (graphs.some(g => String(g.pid) === value)) select.value = value;
  drawGraph();
}
$('graph-process').addEventListener('change', drawGraph);
(async function pollGraph() { await refreshGraph().catch(() => undefined); setTimeout(pollGraph, 5000); })();
`;
