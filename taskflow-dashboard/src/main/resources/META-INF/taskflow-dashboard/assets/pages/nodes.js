// Nodes page ({base}/nodes). Live from the snapshot event (snapshot.nodes).
// Hooks: table#nodes tr[data-node="node-1"] (data-alive="true|false", data-local) with .alive (Alive/Dead badge),
//   .this-node (marker on the local node), .heartbeat, .busy, .version, .handlers; #nodes-empty.
import { api } from '../api.js';
import { h, clear, keyed, table, time, showError, pageHeader } from '../dom.js';
import { num, age } from '../format.js';
import { subscribe } from '../live.js';

export function mount(main) {
  const ac = new AbortController();
  const t = table('nodes', 'Nodes', ['Node', 'Status', 'Host', '#Heartbeat', '#Busy / threads', 'Started', 'Version', 'Handlers']);
  const emptyMsg = h('p', { id: 'nodes-empty', class: 'empty', hidden: true }, 'No node has reported yet.');
  const summary = h('p', { class: 'muted small', id: 'nodes-summary' });
  main.append(pageHeader('Nodes'), summary, t.wrap, emptyMsg);

  function create(n) {
    const c = (cls) => h('td', { class: cls });
    const cells = [h('th', { scope: 'row' }), c('alive'), c('host'), c('heartbeat num'), c('busy num'), c('started nowrap'), c('version'), c('handlers')];
    const tr = h('tr', { dataset: { node: n.id } }, cells);
    tr.cells_ = cells;
    return tr;
  }

  function update(tr, n) {
    const [id, alive, host, hb, busy, started, version, handlers] = tr.cells_;
    tr.dataset.alive = String(!!n.alive);
    tr.dataset.local = String(!!n.local);
    tr.classList.toggle('dead', !n.alive);
    clear(id, h('span', { class: 'mono' }, n.id), n.local ? h('span', { class: 'tag this-node' }, 'this node') : null);
    clear(alive, h('span', { class: `badge ${n.alive ? 's-alive' : 's-dead'}` }, n.alive ? 'Alive' : 'Dead'));
    host.textContent = n.host || '—';
    hb.textContent = `${age(n.heartbeatAgeSeconds)} ago`;
    const b = n.busyThreads; const th = n.threads;
    clear(busy, `${num(b)} / ${num(th)}`, b != null && th ? h('meter', { min: '0', max: String(th), value: String(b), 'aria-label': `${n.id} busy threads` }) : null);
    clear(started, time(n.startedAt));
    version.textContent = n.version || '—';
    const hs = n.handlers || [];
    if (handlers.dataset.sig === hs.join('\n')) return; // keep an opened <details>
    handlers.dataset.sig = hs.join('\n');
    clear(handlers, hs.length > 4
      ? h('details', null, h('summary', null, `${hs.length} handlers`), h('ul', { class: 'plain mono small' }, hs.map((x) => h('li', null, x))))
      : h('ul', { class: 'plain mono small' }, hs.map((x) => h('li', null, x))));
  }

  function render(nodes) {
    const sorted = [...nodes].sort((a, b) => (b.alive - a.alive) || (b.local - a.local) || a.id.localeCompare(b.id));
    const live = nodes.filter((n) => n.alive).length;
    summary.textContent = `${live} live, ${nodes.length - live} recently dead.`;
    emptyMsg.hidden = nodes.length > 0;
    t.wrap.hidden = !nodes.length;
    keyed(t.tbody, sorted, (n) => n.id, create, update);
  }

  api('nodes', { signal: ac.signal }).then(render, showError);
  const unsub = subscribe((snap) => snap.nodes && render(snap.nodes));
  return { unmount() { ac.abort(); unsub(); } };
}
