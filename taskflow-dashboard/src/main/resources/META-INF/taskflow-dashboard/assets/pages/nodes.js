// Nodes page ({base}/nodes). Live from the snapshot event (snapshot.nodes).
// Hooks: table#nodes tr[data-node="node-1"] (data-alive="true|false", data-local) with .alive (Alive/Dead badge),
//   .this-node (marker on the local node), .draining (badge, and data-draining="true|false" on the row),
//   .drain, .undrain (buttons of a live node, then #confirm-ok), .heartbeat, .busy, .version, .handlers; #nodes-empty.
import { api, config } from '../api.js';
import { h, clear, keyed, table, time, w, button, busy, notify, confirmDialog, showError, pageHeader } from '../dom.js';
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
    const aliveBadge = h('span', { class: 'badge' });
    const draining = h('span', { class: 'tag tag-draining draining', title: 'It claims no jobs and hands back those it ran' }, 'draining');
    const drain = w(button('Drain', { class: 'drain secondary small', onclick: () => act(tr, 'drain', drain) }));
    const undrain = w(button('Undrain', { class: 'undrain small', onclick: () => act(tr, 'undrain', undrain) }));
    cells[1].append(aliveBadge, draining, config.canWrite ? h('span', { class: 'btn-row node-actions' }, drain, undrain) : null);
    tr.cells_ = cells;
    tr.$ = { aliveBadge, draining, drain, undrain };
    return tr;
  }

  async function act(tr, action, btn) {
    const n = tr._n;
    if (action === 'drain' && !await confirmDialog({ title: 'Drain node',
      message: `Drain node ${n.id}? It claims no more jobs, lets its running jobs finish within spring.taskflow.shutdown.await, then asks the rest to stop and hands them back to other nodes. It stays up, idle, until undrained.`,
      ok: 'Drain', danger: true })) return;
    await busy(btn, async () => {
      update(tr, await api(`nodes/${encodeURIComponent(n.id)}/${action}`, { method: 'POST' }));
      notify(action === 'drain' ? `Node ${n.id} drains.` : `Node ${n.id} claims jobs again.`);
    });
  }

  function update(tr, n) {
    tr._n = n;
    const [id, , host, hb, busy, started, version, handlers] = tr.cells_;
    const $ = tr.$;
    tr.dataset.alive = String(!!n.alive);
    tr.dataset.local = String(!!n.local);
    tr.dataset.draining = String(!!n.draining);
    tr.classList.toggle('dead', !n.alive);
    clear(id, h('span', { class: 'mono' }, n.id), n.local ? h('span', { class: 'tag this-node' }, 'this node') : null);
    $.aliveBadge.className = `badge alive-badge ${n.alive ? 's-alive' : 's-dead'}`;
    $.aliveBadge.textContent = n.alive ? 'Alive' : 'Dead';
    $.draining.hidden = !(n.alive && n.draining);
    $.drain.hidden = !config.canWrite || !n.alive || !!n.draining;
    $.undrain.hidden = !config.canWrite || !n.alive || !n.draining;
    host.textContent = n.host || '—';
    hb.textContent = `${age(n.heartbeatAgeSeconds)} ago`;
    const b = n.busyThreads; const th = n.threads;
    clear(busy, `${num(b)} / ${num(th)}`, b != null && th ? h('meter', { min: '0', max: String(th), value: String(b), 'aria-label': `${n.id} busy threads` }) : null,
      // the queues' own pools (a scaling one changes), as of the node's latest heartbeat
      Object.keys(n.queueThreads || {}).length ? h('div', { class: 'muted small queue-threads', title: 'Threads of each queue of its own' },
        Object.entries(n.queueThreads).map(([q, t]) => `${q}: ${num(t)}`).join(' · ')) : null);
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
