// Jobs page ({base}/jobs?status=FAILED&status=CANCELLED&queue=&handler=&schedule=&correlationId=&createdAfter=&createdBefore=&text=).
// Hooks: form#jobs-filter, fieldset#filter-status input[name=status][value=FAILED], #filter-queue, #filter-handler,
//   #filter-schedule, #filter-correlation, #filter-created-after, #filter-created-before (datetime-local),
//   #filter-text, #apply-filter, #reset-filter, #refresh-jobs,
//   table#jobs tbody tr[data-job-id] (.select checkbox, a.job-link, .status a), #select-all, #selected-count,
//   #bulk-retry, #bulk-cancel, #bulk-delete, #bulk-move (selected ids), #bulk-retry-all, #bulk-cancel-all,
//   #bulk-delete-all, #bulk-move-all (whole filter: count, then #confirm-ok; a move asks for #confirm-input first),
//   #prev-page, #next-page, #page-info, #jobs-empty; .progress-pct beside a running job's status when it has a total.
import { api, url } from '../api.js';
import { h, clear, badge, table, time, field, w, enable, button, busy, notify, showError, confirmDialog, pageHeader, uid } from '../dom.js';
import { num, shortId, truncate, localInputToIso, isoToLocalInput, plural } from '../format.js';
import { setUrlQuery } from '../router.js';

const STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'BLOCKED'];
const FIELDS = ['queue', 'handler', 'schedule', 'correlationId', 'createdAfter', 'createdBefore', 'text'];
const PAGE = 50;
/** Statuses each bulk action can act on; a filter is narrowed to these so the count is what will happen. */
const ACTIONS = {
  retry: { verb: 'Retry', done: 'Retried', statuses: ['FAILED', 'CANCELLED'], what: 'failed or cancelled' },
  cancel: { verb: 'Cancel', done: 'Cancelled', statuses: ['PENDING'], what: 'pending' },
  delete: { verb: 'Delete', done: 'Deleted', statuses: ['SUCCEEDED', 'FAILED', 'CANCELLED'], what: 'finished' },
  // asks for the queue to move to; moving back is another move
  move: { verb: 'Move', done: 'Moved', statuses: ['PENDING'], what: 'pending', toQueue: true },
};

/** The list URL last shown (the job page goes back to it). */
export let lastListUrl = null;

/** URLSearchParams -> filter object (as the API's bulk body wants it). */
export function filterFromQuery(q) {
  const f = { status: q.getAll('status').filter((s) => s) };
  for (const k of FIELDS) f[k] = q.get(k) || null;
  return f;
}

export function mount(main, route) {
  let filter = filterFromQuery(route.query);
  let cursors = [null];
  let pageIdx = 0;
  let nextCursor = null;
  let jobs = [];
  const selected = new Set();
  let ac = null;

  // ---- filter form ----
  const statusBoxes = STATUSES.map((s) => h('input', { type: 'checkbox', name: 'status', value: s, id: `filter-status-${s}` }));
  const inp = (id, props = {}) => h('input', { id, name: id, type: 'text', autocomplete: 'off', ...props });
  const lists = { queue: h('datalist', { id: uid('dl') }), handler: h('datalist', { id: uid('dl') }), schedule: h('datalist', { id: uid('dl') }) };
  const f = {
    queue: inp('filter-queue', { list: lists.queue.id }),
    handler: inp('filter-handler', { list: lists.handler.id }),
    schedule: inp('filter-schedule', { list: lists.schedule.id }),
    correlationId: inp('filter-correlation'),
    createdAfter: inp('filter-created-after', { type: 'datetime-local' }),
    createdBefore: inp('filter-created-before', { type: 'datetime-local' }),
    text: inp('filter-text', { type: 'search', placeholder: 'id, handler, error…' }),
  };
  const form = h('form', { id: 'jobs-filter', class: 'filter card', role: 'search', 'aria-label': 'Filter jobs', onsubmit: (e) => { e.preventDefault(); apply(); } },
    h('fieldset', { id: 'filter-status', class: 'status-boxes' }, h('legend', null, 'Status'),
      STATUSES.map((s, i) => h('label', { class: `check s-${s.toLowerCase()}`, for: statusBoxes[i].id }, statusBoxes[i], s.toLowerCase()))),
    h('div', { class: 'filter-grid' },
      field('Queue', f.queue), field('Handler', f.handler), field('Schedule', f.schedule),
      field('Correlation id', f.correlationId), field('Created after', f.createdAfter), field('Created before', f.createdBefore),
      field('Text', f.text, { cls: 'wide' })),
    Object.values(lists),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'apply-filter' }, 'Apply filter'),
      button('Reset', { id: 'reset-filter', class: 'secondary', onclick: () => { fillForm({ status: [] }); apply(); } })));

  function fillForm(fl) {
    statusBoxes.forEach((b) => { b.checked = (fl.status || []).includes(b.value); });
    for (const k of FIELDS) {
      const v = fl[k] || '';
      f[k].value = k.startsWith('created') ? isoToLocalInput(v) : v;
    }
  }
  function readForm() {
    const fl = { status: statusBoxes.filter((b) => b.checked).map((b) => b.value) };
    for (const k of FIELDS) {
      const v = f[k].value.trim();
      fl[k] = k.startsWith('created') ? localInputToIso(v) : v || null;
    }
    return fl;
  }
  function apply() {
    filter = readForm();
    setUrlQuery(new URLSearchParams(queryOf(filter)));
    reset();
  }
  const queryOf = (fl) => {
    const q = new URLSearchParams();
    fl.status.forEach((s) => q.append('status', s));
    for (const k of FIELDS) if (fl[k]) q.set(k, fl[k]);
    return q;
  };

  // ---- bulk bar ----
  const selCount = h('span', { id: 'selected-count', class: 'muted' }, '0 selected');
  const bulkSel = {};
  const bulkAll = {};
  for (const [a, spec] of Object.entries(ACTIONS)) {
    const where = spec.toQueue ? ' to queue…' : '';
    bulkSel[a] = w(button(`${spec.verb} selected${where}`, { id: `bulk-${a}`, class: a === 'delete' ? 'danger-outline small' : 'secondary small', disabled: true, onclick: (e) => bulkIds(a, e.currentTarget) }));
    bulkAll[a] = w(button(`${spec.verb} all matching${where || '…'}`, { id: `bulk-${a}-all`, class: a === 'delete' ? 'danger-outline small' : 'secondary small', onclick: (e) => bulkFilter(a, e.currentTarget) }));
  }
  const bulk = w(h('div', { class: 'bulk', id: 'bulk', role: 'group', 'aria-label': 'Bulk actions' },
    h('div', { class: 'bulk-part' }, selCount, Object.values(bulkSel)),
    h('div', { class: 'bulk-part' }, Object.values(bulkAll))));

  // ---- table ----
  const selectAll = h('input', { type: 'checkbox', id: 'select-all', onchange: () => {
    for (const j of jobs) selectAll.checked ? selected.add(j.id) : selected.delete(j.id);
    syncSelection();
  } });
  const selHead = h('span', null, selectAll, h('label', { for: 'select-all', class: 'sr-only' }, 'Select all jobs on this page'));
  const t = table('jobs', 'Jobs', [selHead, 'Job', 'Handler', 'Queue', 'Status', '#Attempt', 'Created', 'Finished', 'Last error']);
  w(t.table.tHead.rows[0].cells[0]).classList.add('sel');
  const emptyMsg = h('p', { id: 'jobs-empty', class: 'empty', hidden: true }, 'No jobs match this filter.');
  const prev = button('← Previous', { id: 'prev-page', class: 'secondary', onclick: () => { pageIdx--; load(); } });
  const next = button('Next page →', { id: 'next-page', class: 'secondary', onclick: () => { cursors[pageIdx + 1] = nextCursor; pageIdx++; load(); } });
  const pageInfo = h('span', { id: 'page-info', class: 'muted' });

  main.append(
    pageHeader('Jobs', button('Refresh', { id: 'refresh-jobs', class: 'secondary', onclick: () => load() })),
    form, bulk, t.wrap, emptyMsg,
    h('nav', { class: 'pager', 'aria-label': 'Pages' }, prev, pageInfo, next));

  function rowFor(j) {
    const id = `sel-${j.id}`;
    const cb = h('input', { type: 'checkbox', class: 'select', id, checked: selected.has(j.id), onchange: () => {
      cb.checked ? selected.add(j.id) : selected.delete(j.id);
      syncSelection();
    } });
    const err = j.lastError === '******' ? h('span', { class: 'muted' }, 'hidden')
      : j.lastError ? h('span', { class: 'err', title: truncate(j.lastError, 400) }, truncate(j.lastError, 70)) : '';
    return h('tr', { dataset: { jobId: j.id, status: j.status } },
      w(h('td', { class: 'sel' }, cb, h('label', { for: id, class: 'sr-only' }, `Select job ${shortId(j.id)}`))),
      h('th', { scope: 'row' }, h('a', { class: 'job-link mono', href: url('jobs/' + encodeURIComponent(j.id)), title: j.id }, shortId(j.id))),
      h('td', { class: 'mono' }, j.handler),
      h('td', null, j.queue),
      h('td', { class: 'status' }, h('a', { href: url('jobs', { status: j.status }), title: `All ${j.status.toLowerCase()} jobs` }, badge(j.status)),
        progressPercent(j)),
      h('td', { class: 'num' }, `${j.attempt}/${j.maxAttempts}`),
      h('td', { class: 'nowrap' }, time(j.createdAt)),
      h('td', { class: 'nowrap' }, time(j.finishedAt)),
      h('td', { class: 'error-cell' }, err));
  }

  function syncSelection() {
    const onPage = jobs.filter((j) => selected.has(j.id)).length;
    selectAll.checked = jobs.length > 0 && onPage === jobs.length;
    selectAll.indeterminate = onPage > 0 && onPage < jobs.length;
    selCount.textContent = `${num(selected.size)} selected`;
    for (const b of Object.values(bulkSel)) enable(b, selected.size > 0);
    for (const cb of t.tbody.querySelectorAll('input.select')) cb.checked = selected.has(cb.closest('tr').dataset.jobId);
  }

  async function load() {
    ac?.abort();
    ac = new AbortController();
    lastListUrl = location.pathname + location.search;
    t.table.setAttribute('aria-busy', 'true');
    try {
      const res = await api('jobs', { query: { ...filter, limit: PAGE, after: cursors[pageIdx] }, signal: ac.signal });
      jobs = res.jobs || [];
      nextCursor = res.nextCursor || null;
      clear(t.tbody, jobs.map(rowFor));
      emptyMsg.hidden = jobs.length > 0;
      t.wrap.hidden = !jobs.length;
      enable(prev, pageIdx > 0);
      enable(next, !!nextCursor);
      pageInfo.textContent = jobs.length ? `Page ${pageIdx + 1} · ${plural(jobs.length, 'job')}` : '';
      syncSelection();
    } catch (e) { showError(e); } finally { t.table.removeAttribute('aria-busy'); }
  }

  function reset() {
    cursors = [null];
    pageIdx = 0;
    selected.clear();
    load();
  }

  async function bulkIds(action, btn) {
    const spec = ACTIONS[action];
    const ids = [...selected];
    if (!ids.length) return;
    if (action === 'delete' && !await confirmDialog({ title: 'Delete jobs', message: `Delete ${plural(ids.length, 'selected job')}? Only finished jobs are deleted. This cannot be undone.`, ok: 'Delete', danger: true })) return;
    let toQueue;
    if (spec.toQueue) {
      toQueue = await confirmDialog({ title: 'Move jobs to another queue', message: `Move ${plural(ids.length, 'selected job')} to which queue? Only pending jobs move; running and finished ones stay where they are.`, ok: 'Move', opener: btn, input: queueInput() });
      if (!toQueue) return;
    }
    await busy(btn, async () => {
      const r = await api(`jobs/${action}`, { method: 'POST', body: { ids, toQueue } });
      done(spec, r, toQueue);
    });
  }

  async function bulkFilter(action, btn) {
    const spec = ACTIONS[action];
    const chosen = filter.status.length ? filter.status : STATUSES;
    const status = chosen.filter((s) => spec.statuses.includes(s));
    if (!status.length) {
      notify(`${spec.verb} applies to ${spec.what} jobs only; the filter selects ${chosen.join(', ').toLowerCase()}.`, 'error');
      return;
    }
    const f2 = { ...filter, status };
    const res = await busy(btn, () => api('jobs/count', { query: f2 }));
    if (!res) return;
    if (!res.count) { notify(`No ${spec.what} jobs match the filter: nothing to ${spec.verb.toLowerCase()}.`); return; }
    // past the server's count limit it says "more than": the action still takes every matching job
    const howMany = res.exact === false ? `more than ${num(res.count)} ${spec.what} jobs` : plural(res.count, `${spec.what} job`);
    const ok = await confirmDialog({
      title: `${spec.verb} all matching jobs`,
      message: `${spec.verb} all ${howMany} matching the current filter${describe(f2)}${spec.toQueue ? ' to the queue below' : ''}?`
        + (action === 'delete' ? ' This cannot be undone.' : '') + (spec.toQueue ? ' Another move takes them back.' : ''),
      ok: res.exact === false ? `${spec.verb} all` : `${spec.verb} ${num(res.count)}`,
      danger: action === 'delete',
      opener: btn,
      input: spec.toQueue ? queueInput() : null,
    });
    if (!ok) return;
    const toQueue = spec.toQueue ? ok : undefined;
    await busy(btn, async () => done(spec, await api(`jobs/${action}`, { method: 'POST', body: { filter: f2, toQueue } }), toQueue));
  }

  // the queue a move asks for, offering the known queues
  const queueInput = () => ({ label: 'To queue', list: lists.queue.id, maxLength: 100 });

  function done(spec, r, toQueue) {
    notify(`${spec.done} ${plural(r?.affected ?? 0, 'job')}${toQueue ? ` to queue “${toQueue}”` : ''}.`);
    selected.clear();
    load();
  }

  // datalists: best effort
  const opts = (dl, names) => clear(dl, [...new Set(names)].sort().map((n) => h('option', { value: n })));
  api('queues').then((qs) => opts(lists.queue, qs.map((q) => q.name)), () => {});
  api('handlers').then((hs) => opts(lists.handler, hs.map((x) => x.name)), () => {});
  api('schedules').then((ss) => opts(lists.schedule, ss.map((s) => s.name)), () => {});

  fillForm(filter);
  load();

  return {
    update(r) { // back/forward or a link to another filter
      filter = filterFromQuery(r.query);
      fillForm(filter);
      reset();
    },
    unmount() { ac?.abort(); },
  };
}

function describe(f) {
  const parts = [];
  if (f.status.length) parts.push(`status ${f.status.join('/')}`);
  for (const [k, label] of [['queue', 'queue'], ['handler', 'handler'], ['schedule', 'schedule'], ['correlationId', 'correlation id'], ['text', 'text']]) {
    if (f[k]) parts.push(`${label} “${f[k]}”`);
  }
  if (f.createdAfter) parts.push(`created after ${new Date(f.createdAfter).toLocaleString()}`);
  if (f.createdBefore) parts.push(`created before ${new Date(f.createdBefore).toLocaleString()}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

// how far a running job got, when its handler gave a total
function progressPercent(j) {
  const p = j.progress;
  if (j.status !== 'RUNNING' || !p || !(p.total > 0)) return null;
  const percent = Math.floor(Math.min(1, p.fraction ?? p.done / p.total) * 100);
  return h('span', { class: 'progress-pct', title: `${p.done} of ${p.total} done` }, `${percent}%`);
}
