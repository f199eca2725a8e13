// Workflow page ({base}/workflows/{id}): its fields, the graph of its steps and the table of them. Live: read
// again with every snapshot while the workflow is running or compensating.
// Hooks: #workflow-status (badge; data-status), #workflow-cancel (then #confirm-ok), #workflow-retry, #workflow-back,
//   dl#workflow-fields (dd[data-field="name"] etc.), #workflow-graph (.wf-canvas, svg.wf-edges path.edge[data-from][data-to],
//   .wf-step[data-step="charge"][data-status] with a.wf-step-link, .badge, .wf-jobs, .wf-spawned, .wf-comp
//   [data-status] a), table#workflow-steps tr[data-step] (a.job-link[data-job-id], .comp a), #workflow-not-found.
import { api, url } from '../api.js';
import { h, clear, badge, time, table, w, enable, button, busy, notify, confirmDialog, pageHeader, showError } from '../dom.js';
import { duration, num, shortId, plural } from '../format.js';
import { subscribe } from '../live.js';
import { ACTIVE, lastListUrl, stepSummary } from './workflows.js';

const SVG = 'http://www.w3.org/2000/svg';
/** The graph's geometry in CSS pixels: boxes in columns by depth, taller when a step has a third line. */
const BOX_W = 212;
const BOX_H = 64;
const BOX_H_TALL = 88;
const GAP_X = 72;
const GAP_Y = 22;
const PAD = 12;
/** A group's jobs listed in the table of steps; past this many, "and n more". */
const JOBS_LISTED = 12;

export function mount(main, route) {
  const id = route.params[0];
  const ac = new AbortController();
  let workflow = null;
  let shown = '';
  let loading = false;

  const status = h('span', { id: 'workflow-status', class: 'badge', 'aria-live': 'polite' }, '…');
  const retry = w(button('Retry', { id: 'workflow-retry', disabled: true, onclick: () => act('retry', retry) }));
  const cancel = w(button('Cancel', { id: 'workflow-cancel', class: 'danger-outline', disabled: true, onclick: () => act('cancel', cancel) }));
  const title = pageHeader(`Workflow ${shortId(id)}`, status, h('div', { class: 'head-actions' }, retry, cancel));
  const body = h('div', { class: 'job-body' });
  main.append(h('p', { class: 'crumb' }, h('a', { id: 'workflow-back', href: lastListUrl || url('workflows') }, '← Workflows')), title, body);

  function render(wf) {
    workflow = wf;
    const json = JSON.stringify(wf);
    if (json === shown) return; // nothing moved: keep the page (and its focus) as it is
    shown = json;
    document.title = `Workflow ${wf.name} · ${wf.status} · TaskFlow`;
    title.querySelector('h1').textContent = `Workflow ${wf.name}`;
    status.className = `badge s-${wf.status.toLowerCase()}`;
    status.textContent = wf.status;
    status.dataset.status = wf.status;
    enable(retry, !!wf.actions?.retry);
    enable(cancel, !!wf.actions?.cancel);

    const started = Date.parse(wf.createdAt);
    const ended = wf.finishedAt ? Date.parse(wf.finishedAt) : null;
    const row = (k, label, v) => [h('dt', null, label), h('dd', { dataset: { field: k } }, v ?? h('span', { class: 'muted' }, '—'))];
    const fields = h('dl', { id: 'workflow-fields', class: 'fields' },
      row('id', 'ID', h('span', { class: 'mono break' }, wf.id)),
      row('name', 'Name', h('a', { href: url('workflows', { name: wf.name }) }, wf.name)),
      row('failurePolicy', 'On failure', h('span', { class: 'mono' }, wf.failurePolicy)),
      row('steps', 'Steps', [plural(wf.stepCount, 'step'), ' ', stepSummary(wf)]),
      row('createdAt', 'Created', time(wf.createdAt)),
      row('finishedAt', 'Finished', time(wf.finishedAt)),
      row('duration', 'Duration', ended ? duration(ended - started) : null));

    clear(body,
      h('section', { class: 'card', 'aria-labelledby': 'h-wf-fields' }, h('h2', { id: 'h-wf-fields', class: 'sr-only' }, 'Details'), fields),
      h('section', { class: 'card', 'aria-labelledby': 'h-wf-graph' },
        h('h2', { id: 'h-wf-graph' }, 'Steps'),
        h('p', { class: 'muted small' }, 'Each step runs once the steps its arrows come from have finished.'),
        graph(wf)),
      h('section', { class: 'card', 'aria-labelledby': 'h-wf-steps' },
        h('h2', { id: 'h-wf-steps', class: 'sr-only' }, 'Steps in order'), stepsTable(wf)));
  }

  async function load() {
    if (loading) return;
    loading = true;
    try {
      render(await api(`workflows/${encodeURIComponent(id)}`, { signal: ac.signal }));
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (e.status === 404 && !workflow) {
        status.textContent = 'NOT FOUND';
        clear(body, h('p', { id: 'workflow-not-found', class: 'empty' }, e.detail, ' ', h('a', { href: url('workflows') }, 'Back to the workflows.')));
      } else showError(e);
    } finally { loading = false; }
  }

  async function act(action, btn) {
    if (action === 'cancel' && !await confirmDialog({
      title: 'Cancel workflow',
      message: `Cancel workflow ${workflow?.name ?? ''} (${shortId(id)})? Its blocked and pending steps are cancelled now, its running steps are asked to stop.`,
      ok: 'Cancel workflow',
      danger: true,
      opener: btn,
    })) return;
    await busy(btn, async () => {
      render(await api(`workflows/${encodeURIComponent(id)}/${action}`, { method: 'POST' }));
      notify(action === 'retry' ? `Workflow ${workflow.name} runs again.` : `Workflow ${workflow.name} cancelled.`);
    });
  }

  const unsub = subscribe(() => {
    if (workflow && ACTIVE.includes(workflow.status)) load();
  });
  load();
  return {
    update() {}, // the same workflow (a link to a step's row in the table): nothing to read again
    unmount() { ac.abort(); unsub(); },
  };
}

const jobUrl = (jobId) => url('jobs/' + encodeURIComponent(jobId));
const anchor = (i) => `step-${i + 1}`;

/**
 * The layered drawing: a step's column is its depth (the longest chain of steps before it), a column's steps
 * are ordered by where their parents stand (fewer crossing arrows), and each arrow goes from a parent's right
 * edge to its child's left edge.
 */
export function layout(steps, boxHeight = BOX_H) {
  const byName = new Map(steps.map((s, i) => [s.name, i]));
  const depth = new Array(steps.length).fill(-1);
  const depthOf = (i, path) => {
    if (depth[i] >= 0) return depth[i];
    if (path.has(i)) return 0; // a stored workflow has no cycle; never loop on one
    path.add(i);
    const parents = steps[i].after.filter((p) => byName.has(p)).map((p) => depthOf(byName.get(p), path));
    path.delete(i);
    depth[i] = parents.length ? Math.max(...parents) + 1 : 0;
    return depth[i];
  };
  steps.forEach((s, i) => depthOf(i, new Set()));
  const columns = [];
  steps.forEach((s, i) => (columns[depth[i]] ||= []).push(i));
  const rows = Math.max(...columns.map((c) => c.length));
  const y = new Array(steps.length);
  const x = new Array(steps.length);
  columns.forEach((column, d) => {
    if (d > 0) {
      const centre = (i) => {
        const ys = steps[i].after.filter((p) => byName.has(p)).map((p) => y[byName.get(p)]);
        return ys.reduce((a, b) => a + b, 0) / ys.length;
      };
      column.sort((a, b) => centre(a) - centre(b) || a - b);
    }
    const offset = ((rows - column.length) * (boxHeight + GAP_Y)) / 2;
    column.forEach((i, row) => {
      x[i] = PAD + d * (BOX_W + GAP_X);
      y[i] = PAD + offset + row * (boxHeight + GAP_Y);
    });
  });
  return {
    x, y,
    width: PAD * 2 + columns.length * BOX_W + (columns.length - 1) * GAP_X,
    height: PAD * 2 + rows * boxHeight + (rows - 1) * GAP_Y,
  };
}

function svg(tag, attrs, ...kids) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  el.append(...kids);
  return el;
}

function graph(wf) {
  const steps = wf.steps || [];
  if (!steps.length) return h('p', { class: 'empty' }, 'No steps.');
  const tall = steps.some((s) => s.compensationStatus || ownPolicy(s, wf));
  const boxH = tall ? BOX_H_TALL : BOX_H;
  const { x, y, width, height } = layout(steps, boxH);
  const index = new Map(steps.map((s, i) => [s.name, i]));
  // one arrow head per kind of edge, coloured as its line
  const marker = (state) => svg('marker', { id: `wf-arrow-${state}`, viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto' },
    svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: `wf-arrow wf-arrow-${state}` }));
  const edges = svg('svg', { class: 'wf-edges', width, height, viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true', focusable: 'false' },
    svg('defs', null, marker('done'), marker('broken'), marker('waiting')));
  steps.forEach((s, c) => {
    for (const parent of s.after) {
      const p = index.get(parent);
      if (p == null) continue;
      const x1 = x[p] + BOX_W; const y1 = y[p] + boxH / 2;
      const x2 = x[c] - 2; const y2 = y[c] + boxH / 2;
      const bend = Math.max(GAP_X / 2, (x2 - x1) / 3);
      const state = steps[p].status === 'SUCCEEDED' ? 'done' : ['FAILED', 'CANCELLED'].includes(steps[p].status) ? 'broken' : 'waiting';
      edges.append(svg('path', {
        class: `edge edge-${state}`, 'data-from': parent, 'data-to': s.name,
        d: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`, 'marker-end': `url(#wf-arrow-${state})`,
      }));
    }
  });
  const boxes = steps.map((s, i) => {
    const box = stepBox(s, i, wf);
    box.style.left = `${x[i]}px`;
    box.style.top = `${y[i]}px`;
    box.style.width = `${BOX_W}px`;
    box.style.height = `${boxH}px`;
    return box;
  });
  const canvas = h('div', { class: 'wf-canvas' }, edges, boxes);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  return h('div', { id: 'workflow-graph', class: 'wf-scroll', tabindex: '0', role: 'region', 'aria-label': 'Graph of the steps' }, canvas);
}

function stepBox(s, i, wf) {
  const jobs = s.jobIds || [];
  // one job: its page; a group: its row in the table, which lists every job
  const link = jobs.length === 1 ? h('a', { class: 'wf-step-link', href: jobUrl(jobs[0]), title: `${s.name}: job ${jobs[0]}` }, s.name)
    : h('a', { class: 'wf-step-link', href: `#${anchor(i)}`, title: `${s.name}: ${plural(jobs.length, 'job')}` }, s.name);
  const meta = [h('span', { class: 'wf-jobs' }, plural(jobs.length, 'job'))];
  if (s.spawnedJobs) meta.push(h('span', { class: 'wf-spawned', title: 'Jobs its jobs spawned' }, `+${num(s.spawnedJobs)} spawned`));
  if (s.unfinishedJobs && !['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(s.status)) {
    meta.push(h('span', { class: 'wf-unfinished muted' }, `${num(s.unfinishedJobs)} to finish`));
  }
  const policy = ownPolicy(s, wf) ? h('span', { class: 'tag', title: 'Its own failure policy' }, s.failurePolicy.toLowerCase().replace('_', ' ')) : null;
  return h('div', { class: 'wf-step', dataset: { step: s.name, status: s.status } },
    h('div', { class: 'wf-step-head' }, link, badge(s.status)),
    h('div', { class: 'wf-step-meta' }, meta.flatMap((m, k) => (k ? [' · ', m] : [m]))),
    s.compensationStatus ? h('div', { class: 'wf-comp', dataset: { status: s.compensationStatus } }, 'compensation ',
      s.compensationJobId ? h('a', { href: jobUrl(s.compensationJobId), title: `Compensation job ${s.compensationJobId}` }, badge(s.compensationStatus))
        : badge(s.compensationStatus)) : policy);
}

// a step's failure policy when it is not the workflow's
const ownPolicy = (s, wf) => s.failurePolicy && s.failurePolicy !== wf.failurePolicy;

function stepsTable(wf) {
  const t = table('workflow-steps', 'Steps of the workflow', ['Step', 'After', 'Status', 'Jobs', '#Spawned', '#To finish', 'On failure', 'Compensation'], { captionHidden: true });
  (wf.steps || []).forEach((s, i) => {
    const jobs = s.jobIds || [];
    // a group's jobs by their place in it: ids made in the same second share their first characters
    const listed = jobs.slice(0, JOBS_LISTED).map((j, k) => h('a', { class: 'job-link', href: jobUrl(j), dataset: { jobId: j }, title: j },
      jobs.length > 1 ? `job ${k + 1}` : h('span', { class: 'mono' }, shortId(j))));
    t.tbody.append(h('tr', { id: anchor(i), dataset: { step: s.name, status: s.status } },
      h('th', { scope: 'row' }, s.name),
      h('td', null, s.after.length ? s.after.join(', ') : h('span', { class: 'muted' }, '—')),
      h('td', { class: 'status' }, badge(s.status)),
      h('td', { class: 'jobs' }, listed.length ? listed.flatMap((a, k) => (k ? [', ', a] : [a])) : h('span', { class: 'muted' }, 'none'),
        jobs.length > JOBS_LISTED ? h('span', { class: 'muted' }, ` and ${num(jobs.length - JOBS_LISTED)} more`) : null),
      h('td', { class: 'num' }, num(s.spawnedJobs)),
      h('td', { class: 'num' }, num(s.unfinishedJobs)),
      h('td', { class: 'mono small' }, s.failurePolicy ?? h('span', { class: 'muted' }, `${wf.failurePolicy} (the workflow's)`)),
      h('td', { class: 'comp' }, s.compensationJobId
        ? h('a', { href: jobUrl(s.compensationJobId), title: s.compensationJobId }, badge(s.compensationStatus ?? 'UNKNOWN'))
        : h('span', { class: 'muted' }, '—'))));
  });
  return t.wrap;
}
