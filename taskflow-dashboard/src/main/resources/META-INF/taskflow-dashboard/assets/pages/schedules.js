// Schedules page ({base}/schedules). Re-fetched every 30 s.
// Hooks: table#schedules tr[data-schedule="nightly"] (data-paused) with .expression, .description, .zone, .handler,
//   .zone, ol.next-fires time, .last-runs a[data-job-id], .skipped, .trigger, .pause, .resume,
//   details.backfill (summary), .backfill-from, .backfill-to, .backfill-submit (then #confirm-ok); #schedules-empty.
import { api, url, config } from '../api.js';
import { h, clear, keyed, table, time, badge, w, button, busy, notify, showError, pageHeader, confirmDialog, uid } from '../dom.js';
import { num, localTime, localInputToIso, shortId, plural } from '../format.js';

export function mount(main) {
  const ac = new AbortController();
  const t = table('schedules', 'Schedules', ['Schedule', 'Expression and zone', 'Handler', 'Next fire times', 'Last runs', 'Skipped', config.canWrite ? 'Actions' : null].filter(Boolean));
  const emptyMsg = h('p', { id: 'schedules-empty', class: 'empty', hidden: true }, 'No schedules.');
  main.append(pageHeader('Schedules'), h('p', { class: 'muted small' }, 'Times are in your browser’s time zone; hover a time for UTC.'), t.wrap, emptyMsg);

  const call = (name, path, body) => api(`schedules/${encodeURIComponent(name)}/${path}`, { method: 'POST', body });

  function create(s) {
    const cells = [h('th', { scope: 'row', class: 'sched-name' }), h('td', { class: 'expr' }), h('td', { class: 'handler mono' }),
      h('td', { class: 'nowrap' }), h('td', { class: 'last-runs' }), h('td', { class: 'skipped' })];
    const tr = h('tr', { dataset: { schedule: s.name } }, cells);
    tr.cells_ = cells;
    if (!config.canWrite) return tr;
    const trigger = w(button('Trigger now', { class: 'trigger small' }));
    const pause = w(button('Pause', { class: 'pause secondary small' }));
    const resume = w(button('Resume', { class: 'resume small' }));
    trigger.addEventListener('click', () => busy(trigger, async () => {
      const r = await call(tr._s.name, 'trigger');
      notify([`Triggered ${tr._s.name}: job `, h('a', { href: url('jobs/' + encodeURIComponent(r.id)) }, shortId(r.id)), '.']);
      load();
    }));
    pause.addEventListener('click', () => busy(pause, async () => { update(tr, await call(tr._s.name, 'pause')); notify(`Schedule ${tr._s.name} paused.`); }));
    resume.addEventListener('click', () => busy(resume, async () => { update(tr, await call(tr._s.name, 'resume')); notify(`Schedule ${tr._s.name} resumed.`); }));
    const from = h('input', { type: 'datetime-local', class: 'backfill-from', id: uid('bf'), required: true });
    const to = h('input', { type: 'datetime-local', class: 'backfill-to', id: uid('bf'), required: true });
    const submit = h('button', { type: 'submit', class: 'backfill-submit small' }, 'Backfill');
    const form = h('form', { class: 'backfill-form', onsubmit: async (e) => {
      e.preventDefault();
      const f = localInputToIso(from.value); const tt = localInputToIso(to.value);
      if (!f || !tt || f >= tt) { notify('Backfill needs a “from” before “to”.', 'error'); return; }
      const name = tr._s.name;
      if (!await confirmDialog({ title: `Backfill ${name}`, message: `Enqueue one job of ${name} for every fire time from ${localTime(f)} to ${localTime(tt)}?`, ok: 'Backfill' })) return;
      await busy(submit, async () => {
        const r = await call(name, 'backfill', { from: f, to: tt });
        notify(`Backfill of ${name}: enqueued ${plural(r.count, 'job')}.`);
        details.open = false;
        load();
      });
    } },
    h('div', { class: 'mini-field' }, h('label', { for: from.id }, 'From'), from),
    h('div', { class: 'mini-field' }, h('label', { for: to.id }, 'To'), to), submit);
    const details = h('details', { class: 'backfill' }, h('summary', null, 'Backfill…'), form);
    tr.append(h('td', { class: 'actions-cell' }, h('div', { class: 'btn-row' }, trigger, pause, resume), details));
    tr.$ = { pause, resume };
    return tr;
  }

  function update(tr, s) {
    tr._s = s;
    tr.dataset.paused = String(!!s.paused);
    const [name, expr, handler, next, last, skipped] = tr.cells_;
    clear(name, h('a', { href: url('jobs', { schedule: s.name }), class: 'strong' }, s.name),
      s.paused ? h('span', { class: 'badge s-paused' }, 'Paused') : null,
      s.declared === false ? h('span', { class: 'tag', title: 'No longer declared by the application' }, 'not declared') : null,
      h('div', { class: 'muted small' }, `queue ${s.queue ?? 'default'}`));
    clear(expr, h('code', { class: 'expression' }, s.expression), s.interval ? h('span', { class: 'tag' }, 'interval') : null,
      h('div', { class: 'description' }, s.description || ''),
      h('div', { class: 'small' }, 'zone ', h('span', { class: 'zone' }, s.zone || '—')),
      h('div', { class: 'muted small' }, `misfire ${s.misfire ?? '—'} · overlap ${s.overlap ?? '—'}`));
    handler.textContent = s.handler;
    clear(next, (s.nextFireTimes || []).length
      ? h('ol', { class: 'next-fires' }, s.nextFireTimes.slice(0, 5).map((x) => h('li', null, time(x))))
      : h('span', { class: 'muted' }, s.paused ? 'paused' : '—'));
    clear(last, (s.lastRuns || []).length
      ? h('ul', { class: 'runs' }, s.lastRuns.map((r) => h('li', null,
        h('a', { href: url('jobs/' + encodeURIComponent(r.id)), dataset: { jobId: r.id }, title: `Fire time ${localTime(r.fireTime)}` }, badge(r.status), ' ', h('span', { class: 'small' }, localTime(r.fireTime))))))
      : h('span', { class: 'muted' }, 'none yet'));
    clear(skipped, num(s.skippedCount ?? 0),
      s.skippedCount ? h('div', { class: 'small muted' }, s.lastSkipReason || '', s.lastSkippedFireTime ? [' · ', time(s.lastSkippedFireTime)] : null) : null);
    if (tr.$) {
      tr.$.pause.hidden = !!s.paused;
      tr.$.resume.hidden = !s.paused;
    }
  }

  async function load() {
    try {
      const list = await api('schedules', { signal: ac.signal });
      emptyMsg.hidden = list.length > 0;
      t.wrap.hidden = !list.length;
      keyed(t.tbody, list, (s) => s.name, create, update);
    } catch (e) { showError(e); }
  }
  load();
  const timer = setInterval(load, 30000);
  return { unmount() { ac.abort(); clearInterval(timer); } };
}
