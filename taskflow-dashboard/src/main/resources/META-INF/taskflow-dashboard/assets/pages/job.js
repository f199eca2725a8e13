// Job page ({base}/jobs/{id}).
// Hooks: #job-status (badge; status also in data-status), #job-retry, #job-cancel, #job-delete (then #confirm-ok),
//   #job-back, dl#job-fields (dd[data-field="handler"] etc.), #job-correlation (link), #job-schedule (link),
//   #job-trace, #job-payload, #job-result (pre, or p.hidden-note when hidden), ol#job-attempts li[data-attempt="1"]
//   (.outcome badge, details.stack, details.logs), #job-not-found; while the job has progress: #job-progress (section;
//   data-percent when it has a total), #job-progress-bar (role=progressbar), #job-progress-count, #job-progress-message,
//   and while it runs #job-progress-rate, #job-progress-left.
import { api, url } from '../api.js';
import { h, clear, badge, time, w, enable, button, busy, notify, confirmDialog, pageHeader, showError } from '../dom.js';
import { duration, shortId, num, num1 } from '../format.js';
import { subscribe } from '../live.js';
import { navigate } from '../router.js';
import { lastListUrl } from './jobs.js';

const HIDDEN = '******';
const FINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export function mount(main, route) {
  const id = route.params[0];
  const ac = new AbortController();
  let job = null;

  const status = h('span', { id: 'job-status', class: 'badge', 'aria-live': 'polite' }, '…');
  const retry = w(button('Retry', { id: 'job-retry', disabled: true, onclick: () => act('retry', retry) }));
  const cancel = w(button('Cancel', { id: 'job-cancel', class: 'secondary', disabled: true, onclick: () => act('cancel', cancel) }));
  const del = w(button('Delete', { id: 'job-delete', class: 'danger-outline', disabled: true, onclick: remove }));
  const body = h('div', { class: 'job-body' });
  // kept across renders, so that progress alone changing does not close an opened stack trace or log
  const progressBox = h('div', { class: 'job-progress-box' });
  const head = pageHeader(`Job ${shortId(id)}`, status, h('div', { class: 'head-actions' }, retry, cancel, del));
  main.append(h('p', { class: 'crumb' }, h('a', { id: 'job-back', href: lastListUrl || url('jobs') }, '← Jobs')), head, body);

  function render(j) {
    job = j;
    renderProgress(progressBox, j);
    document.title = `Job ${shortId(j.id)} · ${j.status} · TaskFlow`;
    status.className = `badge s-${j.status.toLowerCase()}`;
    status.textContent = j.status;
    status.dataset.status = j.status;
    enable(retry, !!j.actions?.retry);
    enable(cancel, !!j.actions?.cancel);
    enable(del, !!j.actions?.delete);

    const started = j.startedAt ? Date.parse(j.startedAt) : null;
    const ended = j.finishedAt ? Date.parse(j.finishedAt) : null;
    const row = (k, label, v) => [h('dt', null, label), h('dd', { dataset: { field: k } }, v ?? h('span', { class: 'muted' }, '—'))];
    const fields = h('dl', { id: 'job-fields', class: 'fields' },
      row('id', 'ID', h('span', { class: 'mono break' }, j.id)),
      row('handler', 'Handler', h('span', { class: 'mono' }, j.handler)),
      row('queue', 'Queue', h('a', { href: url('jobs', { queue: j.queue }) }, j.queue)),
      row('priority', 'Priority', String(j.priority ?? 0)),
      row('attempt', 'Attempt', `${j.attempt} of ${j.maxAttempts}`),
      row('runAt', 'Run at', time(j.runAt)),
      row('createdAt', 'Created', time(j.createdAt)),
      row('startedAt', 'Started', time(j.startedAt)),
      row('finishedAt', 'Finished', time(j.finishedAt)),
      row('duration', 'Duration', started && ended ? duration(ended - started) : null),
      row('ownerNode', 'Node', j.ownerNode),
      row('concurrencyKey', 'Concurrency key', j.concurrencyKey && h('span', { class: 'mono' }, j.concurrencyKey)),
      row('correlationId', 'Correlation id', j.correlationId && h('a', { id: 'job-correlation', class: 'mono', href: url('jobs', { correlationId: j.correlationId }) }, j.correlationId)),
      row('workflowId', 'Workflow', j.workflowId && [h('a', { id: 'job-workflow', class: 'mono', href: url('workflows/' + encodeURIComponent(j.workflowId)) }, j.workflowId),
        j.stepName ? [' · step ', h('span', { class: 'mono' }, j.stepName)] : null]),
      row('scheduleName', 'Schedule', j.scheduleName && [h('a', { id: 'job-schedule', href: url('jobs', { schedule: j.scheduleName }) }, j.scheduleName),
        j.fireTime ? [' · fire time ', time(j.fireTime)] : null]),
      row('traceId', 'Trace id', j.traceId && h('span', { id: 'job-trace', class: 'mono break' }, j.traceId)));
    if (j.lastError) fields.append(...row('lastError', 'Last error', j.lastError === HIDDEN ? hiddenNote() : h('span', { class: 'err' }, String(j.lastError).split('\n')[0])));

    const attempts = j.attempts || [];
    clear(body,
      h('section', { class: 'card', 'aria-labelledby': 'h-fields' }, h('h2', { id: 'h-fields', class: 'sr-only' }, 'Details'), fields),
      progressBox,
      h('div', { class: 'cols' },
        h('section', { class: 'card', 'aria-labelledby': 'h-payload' }, h('h2', { id: 'h-payload' }, 'Payload'), value('job-payload', j.payload)),
        h('section', { class: 'card', 'aria-labelledby': 'h-result' }, h('h2', { id: 'h-result' }, 'Result'), value('job-result', j.result))),
      h('section', { class: 'card', 'aria-labelledby': 'h-attempts' },
        h('h2', { id: 'h-attempts' }, `Attempts (${attempts.length})`),
        attempts.length ? h('ol', { id: 'job-attempts', class: 'timeline' }, attempts.map(attemptItem))
          : h('p', { class: 'empty', id: 'job-attempts' }, 'Not started yet.')));
  }

  async function load() {
    try {
      const j = await api(`jobs/${encodeURIComponent(id)}`, { signal: ac.signal });
      if (job && sameButProgress(job, j)) {
        if (JSON.stringify(job.progress) !== JSON.stringify(j.progress)) renderProgress(progressBox, j);
        job = j;
      } else render(j);
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (e.status === 404 && !job) {
        status.textContent = 'NOT FOUND';
        clear(body, h('p', { id: 'job-not-found', class: 'empty' }, e.detail, ' ', h('a', { href: url('jobs') }, 'Back to the job list.')));
      } else showError(e);
    }
  }

  async function act(action, btn) {
    await busy(btn, async () => {
      render(await api(`jobs/${encodeURIComponent(id)}/${action}`, { method: 'POST' }));
      notify(action === 'retry' ? `Job ${shortId(id)} will be retried.` : `Job ${shortId(id)} cancelled.`);
    });
  }

  async function remove() {
    if (!await confirmDialog({ title: 'Delete job', message: `Delete job ${shortId(id)} (${job?.handler ?? ''})? This cannot be undone.`, ok: 'Delete', danger: true })) return;
    await busy(del, async () => {
      await api(`jobs/${encodeURIComponent(id)}`, { method: 'DELETE' });
      navigate(lastListUrl || url('jobs'));
      notify(`Deleted job ${shortId(id)}.`);
    });
  }

  // re-fetch while the job is not finished and the cluster's counts move, and with every
  // snapshot while it runs, since its progress moves without any count moving
  let sig = '';
  const unsub = subscribe((snap) => {
    const s = JSON.stringify(snap.counts);
    if (sig && job && ((s !== sig && !FINAL.includes(job.status)) || job.status === 'RUNNING')) load();
    sig = s;
  });
  load();
  return { unmount() { ac.abort(); unsub(); } };
}

function sameButProgress(a, b) {
  return JSON.stringify({ ...a, progress: null }) === JSON.stringify({ ...b, progress: null });
}

// done/total with percent and message; while the job runs also the rate since its attempt
// started (from the stored progress, so it lags by spring.taskflow.progress.interval) and
// the time left at that rate
function renderProgress(box, j) {
  const p = j.progress;
  if (!p) { clear(box); return; }
  const total = p.total > 0 ? p.total : null;
  const fraction = total ? Math.min(1, p.fraction ?? p.done / total) : null;
  const percent = fraction != null ? Math.floor(fraction * 100) : null;
  const count = total ? `${num(p.done)} of ${num(total)} (${percent}%)` : `${num(p.done)} done`;
  let rate = null; let left = null;
  if (j.status === 'RUNNING') {
    const running = (j.attempts || []).filter((a) => a.outcome === 'RUNNING').pop();
    const started = Date.parse(running?.startedAt ?? j.startedAt);
    const updated = Date.parse(p.updatedAt);
    if (started && updated > started && p.done > 0) {
      rate = p.done / ((updated - started) / 1000);
      if (total && p.done < total) left = (total - p.done) / rate;
    }
  }
  const message = p.message == null ? null
    : p.message === HIDDEN ? h('div', { id: 'job-progress-message' }, hiddenNote('Message hidden'))
      : h('p', { id: 'job-progress-message', class: 'progress-message' }, p.message);
  clear(box, h('section', { id: 'job-progress', class: 'card', 'aria-labelledby': 'h-progress', dataset: percent != null ? { percent } : {} },
    h('h2', { id: 'h-progress' }, 'Progress'),
    total ? progressBar('job-progress-bar', fraction, percent, count, 'h-progress') : null,
    h('p', { class: 'progress-meta' },
      h('strong', { id: 'job-progress-count' }, count),
      rate != null ? [' · ', h('span', { id: 'job-progress-rate' }, `${num1(rate)} per second`)] : null,
      left != null ? [' · ', h('span', { id: 'job-progress-left' }, `about ${duration(left * 1000)} left`)] : null,
      ' · ', h('span', { class: 'muted' }, 'updated ', time(p.updatedAt))),
    message));
}

// a style attribute would break the page's Content-Security-Policy (style-src 'self'); the CSSOM does not
function progressBar(id, fraction, percent, text, labelledBy) {
  const fill = h('div', { class: 'progress-fill' });
  fill.style.width = `${fraction * 100}%`;
  return h('div', { id, class: 'progress', role: 'progressbar', 'aria-labelledby': labelledBy,
    'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(percent), 'aria-valuetext': text }, fill);
}

function hiddenNote(what = 'Hidden') {
  return h('p', { class: 'hidden-note' }, `${what}: set `, h('code', null, 'spring.taskflow.dashboard.show-values'), ' to show values.');
}

function value(id, v) {
  if (v === HIDDEN) return h('div', { id }, hiddenNote());
  if (v == null) return h('p', { id, class: 'muted' }, 'None.');
  const text = typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  return h('pre', { id, class: 'code', tabindex: '0', 'aria-label': id === 'job-payload' ? 'Payload JSON' : 'Result JSON' }, text);
}

function attemptItem(a) {
  const logsHidden = a.logs === HIDDEN || (Array.isArray(a.logs) && a.logs.includes(HIDDEN));
  const both = a.error === HIDDEN && logsHidden;
  if (both) a = { ...a, error: null };
  const err = a.error === HIDDEN ? hiddenNote('Error hidden')
    : a.error ? [h('p', { class: 'err' }, String(a.error).split('\n')[0]),
      String(a.error).includes('\n') ? h('details', { class: 'stack' }, h('summary', null, 'Stack trace'), h('pre', { class: 'code', tabindex: '0' }, a.error)) : null]
      : null;
  const logs = logsHidden ? hiddenNote(both ? 'Error and log hidden' : 'Log hidden')
    : a.logs?.length ? h('details', { class: 'logs' }, h('summary', null, `Log (${a.logs.length} ${a.logs.length === 1 ? 'line' : 'lines'})`),
      h('pre', { class: 'code', tabindex: '0' }, a.logs.join('\n'))) : null;
  return h('li', { dataset: { attempt: a.attempt, outcome: a.outcome }, class: `o-${String(a.outcome).toLowerCase()}` },
    h('div', { class: 'tl-head' }, h('h3', null, `Attempt ${a.attempt}`), badge(a.outcome, { class: `badge outcome s-${String(a.outcome).toLowerCase()}` })),
    h('p', { class: 'tl-meta' },
      h('span', null, 'Node ', h('strong', null, a.nodeId || '—')), ' · ',
      h('span', null, 'started ', time(a.startedAt)), ' · ',
      h('span', null, 'duration ', h('strong', null, a.durationMs != null ? duration(a.durationMs) : a.outcome === 'RUNNING' ? 'running' : '—'))),
    err, logs);
}
