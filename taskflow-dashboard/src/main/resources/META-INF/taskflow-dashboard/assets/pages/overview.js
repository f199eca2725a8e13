// Overview page ({base}).
// Hooks: #overview-count-PENDING|RUNNING|SUCCEEDED|FAILED|CANCELLED (number, "10,000+" past the server's count
//   limit; raw value in data-count, data-over="true" past the limit),
//   ul#attention li a, #range-1h / #range-24h / #range-7d (aria-pressed), figure#chart-throughput,
//   #chart-failures, #chart-wait, #chart-run (each with .chart-summary), table#overview-queues tr[data-queue],
//   table#overview-nodes tr[data-node] (.draining tag on a draining node).
import { api, url } from '../api.js';
import { h, clear, keyed, badge, table, showError, pageHeader, empty } from '../dom.js';
import { num, num1, duration, age, shortTime } from '../format.js';
import { subscribe } from '../live.js';
import { chartCard } from '../charts.js';
import { setUrlQuery } from '../router.js';

export const STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
const RANGES = { '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days' };

export function mount(main, route) {
  let range = RANGES[route.query.get('range')] ? route.query.get('range') : '1h';
  const ac = new AbortController();

  // --- counts ---
  const countsEl = h('div', { class: 'stats' });
  const countEls = {};
  const countCard = (s) => {
    const v = h('span', { class: 'stat-value', id: `overview-count-${s}` }, '…');
    countEls[s] = v;
    return h('a', { class: 'stat', dataset: { status: s }, href: url('jobs', { status: s }) },
      h('span', { class: 'stat-label' }, badge(s)), v);
  };
  STATUSES.forEach((s) => countsEl.append(countCard(s)));

  // --- attention ---
  const attention = h('ul', { id: 'attention', class: 'attention' });
  // --- nodes ---
  const nodesT = table('overview-nodes', 'Live nodes', ['Node', 'Host', '#Busy / threads', 'Heartbeat']);
  const nodesEmpty = empty('No live node.');
  // --- queues ---
  const QUEUE_COUNTS = ['PENDING', 'RUNNING'];
  const queuesT = table('overview-queues', 'Jobs per queue', ['Queue', '#Pending', '#Running', '#Due', '#Oldest due', '#Per min']);
  const queuesEmpty = empty('No queue yet.');

  // --- charts ---
  const charts = {
    throughput: chartCard({ id: 'chart-throughput', title: 'Throughput', series: [{ label: 'Enqueued', color: 1 }, { label: 'Succeeded', color: 2 }] }),
    failures: chartCard({ id: 'chart-failures', title: 'Failures', series: [{ label: 'Failed', color: 3 }, { label: 'Retried', color: 4 }] }),
    wait: chartCard({ id: 'chart-wait', title: 'Wait time (enqueue to start)', fmt: duration, series: [{ label: 'p50', color: 1 }, { label: 'p95', color: 4 }, { label: 'p99', color: 3 }] }),
    run: chartCard({ id: 'chart-run', title: 'Run time', fmt: duration, series: [{ label: 'p50', color: 2 }, { label: 'p95', color: 4 }, { label: 'p99', color: 3 }] }),
  };
  const rangeBtns = Object.entries(RANGES).map(([k, label]) =>
    h('button', { type: 'button', id: `range-${k}`, class: 'seg', 'aria-pressed': String(k === range), onclick: () => setRange(k) }, label));
  const rangeGroup = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Time range' }, rangeBtns);
  const rangeNote = h('p', { class: 'muted small', id: 'stats-note' });
  const chartsEl = h('div', { class: 'charts' }, Object.values(charts).map((c) => c.el));

  main.append(
    pageHeader('Overview'),
    h('section', { 'aria-labelledby': 'h-counts' }, h('h2', { id: 'h-counts', class: 'sr-only' }, 'Jobs by status'), countsEl),
    h('div', { class: 'cols' },
      h('section', { class: 'card', 'aria-labelledby': 'h-attention' }, h('h2', { id: 'h-attention' }, 'Needs attention'), attention),
      h('section', { class: 'card', 'aria-labelledby': 'h-nodes' },
        h('h2', { id: 'h-nodes' }, h('a', { href: url('nodes') }, 'Live nodes')), nodesT.wrap, nodesEmpty)),
    h('section', { 'aria-labelledby': 'h-activity' },
      h('div', { class: 'section-head' }, h('h2', { id: 'h-activity' }, 'Activity'),
        rangeGroup),
      rangeNote, chartsEl),
    h('section', { class: 'card', 'aria-labelledby': 'h-queues' },
      h('h2', { id: 'h-queues' }, h('a', { href: url('queues') }, 'Queues')), queuesT.wrap, queuesEmpty));

  function render(o) {
    const over = new Set(o.countsOver || []);
    for (const s of STATUSES) {
      const n = o.counts?.[s] ?? 0;
      countEls[s].textContent = num(n) + (over.has(s) ? '+' : '');
      countEls[s].dataset.count = n;
      countEls[s].dataset.over = String(over.has(s));
      countEls[s].title = over.has(s) ? `More than ${num(n)}: finished jobs are counted up to that many` : '';
    }
    const att = o.attention || [];
    const sig = JSON.stringify(att);
    if (attention.dataset.sig !== sig) {
      attention.dataset.sig = sig;
      clear(attention, att.length ? att.map((a) => h('li', { class: `att-${String(a.kind).toLowerCase()}` },
        h('span', { class: 'att-kind' }, String(a.kind).replace(/_/g, ' ').toLowerCase()),
        a.link ? h('a', { href: url(a.link) }, a.message) : a.message))
        : h('li', { class: 'ok' }, 'Nothing needs attention.'));
    }
    const live = (o.nodes || []).filter((n) => n.alive);
    nodesEmpty.hidden = live.length > 0;
    nodesT.wrap.hidden = !live.length;
    keyed(nodesT.tbody, live, (n) => n.id, (n) => {
      const tr = h('tr', { dataset: { node: n.id } });
      tr.cells_ = [h('th', { scope: 'row' }), h('td'), h('td', { class: 'num' }), h('td', { class: 'num' })];
      tr.append(...tr.cells_);
      return tr;
    }, (tr, n) => {
      const [id, host, busy, hb] = tr.cells_;
      clear(id, n.id, n.local ? h('span', { class: 'tag' }, 'this node') : null, n.draining ? h('span', { class: 'tag tag-draining draining' }, 'draining') : null);
      host.textContent = n.host || '—';
      busy.textContent = `${num(n.busyThreads)} / ${num(n.threads)}`;
      hb.textContent = `${age(n.heartbeatAgeSeconds)} ago`;
    });
    const qs = o.queues || [];
    queuesEmpty.hidden = qs.length > 0;
    queuesT.wrap.hidden = !qs.length;
    keyed(queuesT.tbody, qs, (q) => q.name, (q) => {
      const tr = h('tr', { dataset: { queue: q.name } });
      tr.cells_ = [h('th', { scope: 'row' }), ...QUEUE_COUNTS.map(() => h('td', { class: 'num' })), h('td', { class: 'num' }), h('td', { class: 'num' }), h('td', { class: 'num' })];
      tr.append(...tr.cells_);
      return tr;
    }, (tr, q) => {
      const c = tr.cells_;
      clear(c[0], h('a', { href: url('jobs', { queue: q.name }) }, q.name), q.paused ? h('span', { class: 'tag tag-warn' }, 'paused') : null);
      QUEUE_COUNTS.forEach((s, i) => {
        const n = q.counts?.[s] ?? 0;
        clear(c[i + 1], n ? h('a', { href: url('jobs', { queue: q.name, status: s }), 'aria-label': `${num(n)} ${s.toLowerCase()} in ${q.name}` }, num(n)) : '0');
      });
      c[3].textContent = num(q.due);
      c[4].textContent = age(q.oldestDueAgeSeconds);
      c[5].textContent = num1(q.throughputPerMinute);
    });
  }

  async function loadStats() {
    try {
      const st = await api('stats', { query: { range }, signal: ac.signal });
      renderStats(st);
    } catch (e) {
      if (e.status === 404) { // a server without statistics: say so once, no alert
        rangeNote.textContent = 'Statistics are not available from this server.';
        chartsEl.hidden = true;
        rangeGroup.hidden = true;
      } else showError(e);
    }
  }

  function renderStats(st) {
    const pts = st.points || [];
    const times = pts.map((p) => Date.parse(p.time) / 1000);
    const col = (k) => pts.map((p) => p[k] ?? null);
    const sum = (k) => pts.reduce((a, p) => a + (p[k] || 0), 0);
    const max = (k) => pts.reduce((a, p) => (p[k] != null && p[k] > a ? p[k] : a), 0);
    const last = (k) => { for (let i = pts.length - 1; i >= 0; i--) if (pts[i][k] != null) return pts[i][k]; return null; };
    const per = `per ${age(st.bucketSeconds)}`;
    const label = RANGES[range];
    rangeNote.textContent = `${label}, one point ${per}.`;
    chartsEl.hidden = false;
    const lastFail = [...pts].reverse().find((p) => p.failed > 0);
    charts.throughput.update({ times, values: [col('enqueued'), col('succeeded')],
      summary: `${label}: ${num(sum('enqueued'))} enqueued, ${num(sum('succeeded'))} succeeded; peak ${num(max('succeeded'))} succeeded ${per}.` });
    charts.failures.update({ times, values: [col('failed'), col('retried')],
      summary: `${label}: ${num(sum('failed'))} failed, ${num(sum('retried'))} retried` +
        (lastFail ? `; last failures at ${shortTime(new Date(lastFail.time))}.` : '.') });
    const pct = (k) => `latest p50 ${duration(last(k + 'P50Ms'))}, p95 ${duration(last(k + 'P95Ms'))}, p99 ${duration(last(k + 'P99Ms'))}; highest p99 ${duration(max(k + 'P99Ms') || null)}.`;
    charts.wait.update({ times, values: [col('waitP50Ms'), col('waitP95Ms'), col('waitP99Ms')], summary: `${label}: ${pct('wait')}` });
    charts.run.update({ times, values: [col('runP50Ms'), col('runP95Ms'), col('runP99Ms')], summary: `${label}: ${pct('run')}` });
  }

  function setRange(k) {
    range = k;
    rangeBtns.forEach((b) => b.setAttribute('aria-pressed', String(b.id === `range-${k}`)));
    const q = new URLSearchParams(location.search);
    if (k === '1h') q.delete('range'); else q.set('range', k);
    setUrlQuery(q, { replace: true });
    loadStats();
  }

  api('overview', { signal: ac.signal }).then(render, showError);
  loadStats();
  const unsub = subscribe(render);
  const timer = setInterval(loadStats, 60000);

  return {
    update(r) { const k = r.query.get('range') || '1h'; if (RANGES[k] && k !== range) setRange(k); },
    unmount() { ac.abort(); unsub(); clearInterval(timer); Object.values(charts).forEach((c) => c.destroy()); },
  };
}
