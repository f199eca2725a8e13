// Queues page ({base}/queues). Live from the snapshot event (snapshot.queues).
// Hooks: table#queues tr[data-queue="mail"] (data-paused="true|false") with .state, .count-PENDING|RUNNING,
//   .due, .oldest, .throughput, .pause, .resume, .concurrency-configured, .concurrency-override,
//   .rate-configured, .rate-override, form.limits .concurrency-input, .rate-input (per second), .apply-limits,
//   .reset-limits; #queues-empty.
import { api, url, config } from '../api.js';
import { h, clear, keyed, table, w, enable, button, busy, notify, showError, pageHeader, uid } from '../dom.js';
import { num, num1, age, ratePerSecond } from '../format.js';
import { subscribe } from '../live.js';

const COUNTS = ['PENDING', 'RUNNING'];

export function mount(main) {
  const ac = new AbortController();
  const t = table('queues', 'Queues', ['Queue', 'State', '#Pending', '#Running', '#Due', '#Oldest due', '#Per min', 'Concurrency', 'Rate', config.canWrite ? 'Override limits' : null].filter(Boolean));
  const emptyMsg = h('p', { id: 'queues-empty', class: 'empty', hidden: true }, 'No queue has jobs or configuration yet.');
  main.append(pageHeader('Queues'),
    h('p', { class: 'muted small' }, 'Overrides apply to all nodes within a second and last until reset. Rate is in jobs per second.'),
    t.wrap, emptyMsg);

  const post = (q, path, opts) => api(`queues/${encodeURIComponent(q)}/${path}`, opts);

  function create(q) {
    const c = (cls, num) => h('td', { class: `${cls}${num ? ' num' : ''}` });
    const name = h('th', { scope: 'row' });
    const stateBadge = h('span', { class: 'badge' });
    const state = h('td', { class: 'state' }, stateBadge);
    const counts = COUNTS.map((s) => c(`count-${s}`, true));
    const due = c('due', true); const oldest = c('oldest', true); const tput = c('throughput', true);
    const concCfg = h('span', { class: 'concurrency-configured' }); const concOv = h('span', { class: 'concurrency-override' });
    const rateCfg = h('span', { class: 'rate-configured' }); const rateOv = h('span', { class: 'rate-override' });
    const conc = h('td', { class: 'limit' }, h('span', { class: 'lim' }, 'configured ', concCfg), h('span', { class: 'lim' }, 'override ', concOv));
    const rate = h('td', { class: 'limit' }, h('span', { class: 'lim' }, 'configured ', rateCfg), h('span', { class: 'lim' }, 'override ', rateOv));
    const concIn = h('input', { type: 'number', min: '0', step: '1', inputmode: 'numeric', class: 'concurrency-input', id: uid('conc') });
    const rateIn = h('input', { type: 'number', min: '0', step: 'any', inputmode: 'decimal', class: 'rate-input', id: uid('rate') });
    for (const i of [concIn, rateIn]) i.addEventListener('input', () => { i._dirty = true; });
    const apply = h('button', { type: 'submit', class: 'apply-limits small' }, 'Apply');
    const reset = button('Reset', { class: 'reset-limits secondary small' });
    const form = h('form', { class: 'limits', onsubmit: (e) => { e.preventDefault(); setLimits(tr, apply); } },
      h('span', { class: 'mini-field' }, h('label', { for: concIn.id }, 'Concurrency', h('span', { class: 'sr-only' }, ` override for ${q.name}`)), concIn),
      h('span', { class: 'mini-field' }, h('label', { for: rateIn.id }, 'Rate/s', h('span', { class: 'sr-only' }, ` override for ${q.name}, jobs per second`)), rateIn),
      apply, reset);
    reset.addEventListener('click', () => busy(reset, async () => {
      const nq = await post(tr._q.name, 'limits', { method: 'DELETE' });
      concIn._dirty = rateIn._dirty = false;
      update(tr, nq, true);
      notify(`Limits of queue ${tr._q.name} reset to the configured values.`);
    }));
    const pause = button('Pause', { class: 'pause secondary small' });
    const resume = button('Resume', { class: 'resume small' });
    pause.addEventListener('click', () => busy(pause, async () => { update(tr, await post(tr._q.name, 'pause', { method: 'POST' })); notify(`Queue ${tr._q.name} paused.`); }));
    resume.addEventListener('click', () => busy(resume, async () => { update(tr, await post(tr._q.name, 'resume', { method: 'POST' })); notify(`Queue ${tr._q.name} resumed.`); }));
    if (config.canWrite) state.append(' ', w(pause), w(resume));
    const tr = h('tr', { dataset: { queue: q.name } }, name, state, counts, due, oldest, tput, conc, rate,
      config.canWrite ? h('td', null, form) : null);
    Object.assign(tr, { $: { name, stateBadge, counts, due, oldest, tput, concCfg, concOv, rateCfg, rateOv, concIn, rateIn, reset, pause, resume } });
    return tr;
  }

  function update(tr, q, force) {
    tr._q = q;
    const $ = tr.$;
    tr.dataset.paused = String(!!q.paused);
    clear($.name, h('a', { href: url('jobs', { queue: q.name }) }, q.name));
    $.stateBadge.className = `badge ${q.paused ? 's-paused' : 's-active'}`;
    $.stateBadge.textContent = q.paused ? 'Paused' : 'Active';
    COUNTS.forEach((s, i) => { $.counts[i].textContent = num(q.counts?.[s] ?? 0); });
    $.due.textContent = num(q.due);
    $.oldest.textContent = age(q.oldestDueAgeSeconds);
    $.tput.textContent = num1(q.throughputPerMinute);
    const cc = q.concurrency || {}; const rr = q.rate || {};
    const show = (v) => (v === undefined ? '—' : v ?? 'none'); // undefined: the server does not report it
    $.concCfg.textContent = show(cc.configured);
    $.concOv.textContent = show(cc.override);
    $.concOv.classList.toggle('active', cc.override != null);
    $.rateCfg.textContent = show(rr.configured);
    $.rateOv.textContent = show(rr.override);
    $.rateOv.classList.toggle('active', rr.override != null);
    enable($.reset, cc.override != null || rr.override != null);
    $.pause.hidden = !config.canWrite || !!q.paused;
    $.resume.hidden = !config.canWrite || !q.paused;
    // keep what the user is typing; otherwise show the current override
    for (const [inp, v] of [[$.concIn, cc.override ?? ''], [$.rateIn, rr.override != null ? ratePerSecond(rr.override) ?? '' : '']]) {
      if (force || (!inp._dirty && document.activeElement !== inp)) { inp.value = v; inp._dirty = false; }
    }
  }

  async function setLimits(tr, btn) {
    const $ = tr.$;
    const c = $.concIn.value.trim(); const r = $.rateIn.value.trim();
    const concurrency = c === '' ? null : Number(c);
    const ratePerSecond = r === '' ? null : Number(r);
    if (concurrency != null && (!Number.isInteger(concurrency) || concurrency < 0)) { notify('Concurrency must be a whole number, 0 or more.', 'error'); $.concIn.focus(); return; }
    if (ratePerSecond != null && !(ratePerSecond > 0)) { notify('Rate must be a number of jobs per second above 0.', 'error'); $.rateIn.focus(); return; }
    await busy(btn, async () => {
      const q = await api(`queues/${encodeURIComponent(tr._q.name)}/limits`, { method: 'PUT', body: { concurrency, ratePerSecond } });
      update(tr, q, true);
      notify(`Limits of queue ${tr._q.name} updated.`);
    });
  }

  function render(queues) {
    emptyMsg.hidden = queues.length > 0;
    t.wrap.hidden = !queues.length;
    keyed(t.tbody, queues, (q) => q.name, create, (tr, q) => update(tr, q));
  }

  api('queues', { signal: ac.signal }).then(render, showError);
  const unsub = subscribe((snap) => snap.queues && render(snap.queues));
  return { unmount() { ac.abort(); unsub(); } };
}
