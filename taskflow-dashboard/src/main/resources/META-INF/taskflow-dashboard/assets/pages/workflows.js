// Workflows page ({base}/workflows?status=RUNNING&status=FAILED&name=checkout). Live: the page shown is read
// again with a snapshot while one of its workflows is still running (the first page also when jobs moved).
// Hooks: form#workflows-filter, fieldset#workflow-filter-status input[name=status][value=FAILED], #filter-name,
//   #apply-workflow-filter, #reset-workflow-filter, #refresh-workflows,
//   table#workflows tbody tr[data-workflow-id] (data-status; a.workflow-link, .status .badge, .steps),
//   #workflows-prev-page, #workflows-next-page, #workflows-page-info, #workflows-empty.
import { api, url } from '../api.js';
import { h, clear, keyed, badge, table, time, field, enable, button, showError, pageHeader } from '../dom.js';
import { num, shortId, plural } from '../format.js';
import { subscribe } from '../live.js';
import { setUrlQuery } from '../router.js';

export const WORKFLOW_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'COMPENSATING', 'COMPENSATED', 'CANCELLED'];
export const ACTIVE = ['RUNNING', 'COMPENSATING'];
/** The step statuses in the order a workflow's steps go through them. */
export const STEP_STATUSES = ['SUCCEEDED', 'RUNNING', 'PENDING', 'BLOCKED', 'FAILED', 'CANCELLED'];
const PAGE = 50;

/** The list URL last shown (the workflow page goes back to it). */
export let lastListUrl = null;

function filterFromQuery(q) {
  return { status: q.getAll('status').flatMap((s) => s.split(',')).filter((s) => s), name: q.get('name') || null };
}

/** "3 succeeded · 1 running · 2 blocked" as small badges, the statuses that have steps only. */
export function stepSummary(w) {
  const counts = w.stepCounts || {};
  return h('span', { class: 'step-counts', title: `${plural(w.stepCount ?? 0, 'step')}` },
    STEP_STATUSES.filter((s) => counts[s]).map((s) =>
      h('span', { class: `badge s-${s.toLowerCase()}`, dataset: { status: s } }, `${num(counts[s])} ${s.toLowerCase()}`)));
}

export function mount(main, route) {
  let filter = filterFromQuery(route.query);
  let cursors = [null];
  let pageIdx = 0;
  let nextCursor = null;
  let workflows = [];
  let ac = null;
  let loading = false;

  const statusBoxes = WORKFLOW_STATUSES.map((s) => h('input', { type: 'checkbox', name: 'status', value: s, id: `workflow-filter-status-${s}` }));
  const name = h('input', { id: 'filter-name', name: 'name', type: 'text', autocomplete: 'off', placeholder: 'e.g. checkout' });
  const form = h('form', { id: 'workflows-filter', class: 'filter card', role: 'search', 'aria-label': 'Filter workflows', onsubmit: (e) => { e.preventDefault(); apply(); } },
    h('fieldset', { id: 'workflow-filter-status', class: 'status-boxes' }, h('legend', null, 'Status'),
      WORKFLOW_STATUSES.map((s, i) => h('label', { class: `check s-${s.toLowerCase()}`, for: statusBoxes[i].id }, statusBoxes[i], s.toLowerCase()))),
    h('div', { class: 'filter-grid' }, field('Name', name, { hint: 'The exact name the workflow was started with.', cls: 'wide' })),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'apply-workflow-filter' }, 'Apply filter'),
      button('Reset', { id: 'reset-workflow-filter', class: 'secondary', onclick: () => { fillForm({ status: [] }); apply(); } })));

  function fillForm(fl) {
    statusBoxes.forEach((b) => { b.checked = (fl.status || []).includes(b.value); });
    name.value = fl.name || '';
  }
  function apply() {
    filter = { status: statusBoxes.filter((b) => b.checked).map((b) => b.value), name: name.value.trim() || null };
    const q = new URLSearchParams();
    filter.status.forEach((s) => q.append('status', s));
    if (filter.name) q.set('name', filter.name);
    setUrlQuery(q);
    reset();
  }

  const t = table('workflows', 'Workflows', ['Workflow', 'Id', 'Status', 'Steps', 'Created', 'Finished']);
  const emptyMsg = h('p', { id: 'workflows-empty', class: 'empty', hidden: true }, 'No workflows match this filter.');
  const prev = button('← Previous', { id: 'workflows-prev-page', class: 'secondary', onclick: () => { pageIdx--; load(); } });
  const next = button('Next page →', { id: 'workflows-next-page', class: 'secondary', onclick: () => { cursors[pageIdx + 1] = nextCursor; pageIdx++; load(); } });
  const pageInfo = h('span', { id: 'workflows-page-info', class: 'muted' });

  main.append(
    pageHeader('Workflows', button('Refresh', { id: 'refresh-workflows', class: 'secondary', onclick: () => load() })),
    form, t.wrap, emptyMsg,
    h('nav', { class: 'pager', 'aria-label': 'Pages' }, prev, pageInfo, next));

  function create() {
    const cells = [h('th', { scope: 'row' }), h('td', { class: 'mono' }), h('td', { class: 'status' }), h('td', { class: 'steps' }),
      h('td', { class: 'nowrap' }), h('td', { class: 'nowrap' })];
    const tr = h('tr', null, cells);
    tr.cells_ = cells;
    return tr;
  }
  function update(tr, w) {
    // a live read that changed nothing keeps the row's elements (a link being clicked, a selection)
    const json = JSON.stringify(w);
    if (tr.shown_ === json) return;
    tr.shown_ = json;
    tr.dataset.workflowId = w.id;
    tr.dataset.status = w.status;
    const href = url('workflows/' + encodeURIComponent(w.id));
    const [nameCell, id, status, steps, created, finished] = tr.cells_;
    clear(nameCell, h('a', { class: 'workflow-link', href }, w.name));
    clear(id, h('a', { href, title: w.id }, shortId(w.id)));
    clear(status, h('a', { href: url('workflows', { status: w.status }), title: `All ${w.status.toLowerCase()} workflows` }, badge(w.status)));
    clear(steps, h('span', { class: 'muted small' }, plural(w.stepCount ?? 0, 'step')), ' ', stepSummary(w));
    clear(created, time(w.createdAt));
    clear(finished, time(w.finishedAt));
  }

  async function load({ quiet = false } = {}) {
    ac?.abort();
    ac = new AbortController();
    loading = true;
    lastListUrl = location.pathname + location.search;
    if (!quiet) t.table.setAttribute('aria-busy', 'true');
    try {
      const res = await api('workflows', { query: { ...filter, limit: PAGE, after: cursors[pageIdx] }, signal: ac.signal });
      workflows = res.workflows || [];
      nextCursor = res.nextCursor || null;
      keyed(t.tbody, workflows, (w) => w.id, create, update);
      emptyMsg.hidden = workflows.length > 0;
      t.wrap.hidden = !workflows.length;
      enable(prev, pageIdx > 0);
      enable(next, !!nextCursor);
      pageInfo.textContent = workflows.length ? `Page ${pageIdx + 1} · ${plural(workflows.length, 'workflow')}` : '';
    } catch (e) { showError(e); } finally {
      loading = false;
      t.table.removeAttribute('aria-busy');
    }
  }

  function reset() {
    cursors = [null];
    pageIdx = 0;
    load();
  }

  // a running workflow moves on, and new ones start on the first page: read the page again with the next
  // snapshot then (one read per live interval at most)
  let sig = '';
  const unsub = subscribe((snap) => {
    const s = JSON.stringify(snap.counts);
    const moved = sig && s !== sig;
    sig = s;
    if (!loading && (workflows.some((w) => ACTIVE.includes(w.status)) || (moved && pageIdx === 0))) load({ quiet: true });
  });

  fillForm(filter);
  load();

  return {
    update(r) {
      filter = filterFromQuery(r.query);
      fillForm(filter);
      reset();
    },
    unmount() { ac?.abort(); unsub(); },
  };
}
