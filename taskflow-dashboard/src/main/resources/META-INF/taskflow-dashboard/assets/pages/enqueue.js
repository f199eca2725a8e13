// Enqueue page ({base}/enqueue).
// Hooks: form#enqueue-form, #enqueue-handler (free text + datalist of GET handlers), #enqueue-payload (JSON textarea),
//   #payload-error (JSON.parse message), #enqueue-queue, #enqueue-priority, #enqueue-delay (seconds), #enqueue-run-at
//   (datetime-local), #enqueue-max-attempts, #enqueue-unique-key, #enqueue-correlation, #enqueue-submit,
//   #enqueue-result a#enqueue-job-link (after 201), #enqueue-error (problem detail), #enqueue-read-only.
import { api, url, config } from '../api.js';
import { h, clear, field, busy, pageHeader, uid } from '../dom.js';
import { localInputToIso, shortId } from '../format.js';

export function mount(main) {
  main.append(pageHeader('Enqueue a job'));
  if (!config.canWrite) {
    main.append(h('p', { id: 'enqueue-read-only', class: 'empty' }, 'Read-only: you cannot enqueue jobs from this dashboard.'));
    return {};
  }
  const dlH = h('datalist', { id: uid('dl') });
  const dlQ = h('datalist', { id: uid('dl') });
  const inp = (id, props = {}) => h('input', { id, name: id, type: 'text', autocomplete: 'off', ...props });
  const handler = inp('enqueue-handler', { list: dlH.id, required: true, placeholder: 'e.g. email.send' });
  const payload = h('textarea', { id: 'enqueue-payload', name: 'payload', rows: '10', spellcheck: 'false', class: 'mono', 'aria-describedby': 'payload-error payload-hint' });
  payload.value = '{\n  \n}';
  const payloadErr = h('p', { id: 'payload-error', class: 'field-error', 'aria-live': 'polite' });
  const queue = inp('enqueue-queue', { list: dlQ.id, placeholder: 'default' });
  const priority = inp('enqueue-priority', { type: 'number', step: '1', value: '0', inputmode: 'numeric' });
  const delay = inp('enqueue-delay', { type: 'number', min: '0', step: '1', inputmode: 'numeric' });
  const runAt = inp('enqueue-run-at', { type: 'datetime-local' });
  const maxAttempts = inp('enqueue-max-attempts', { type: 'number', min: '1', step: '1', inputmode: 'numeric' });
  const uniqueKey = inp('enqueue-unique-key');
  const correlation = inp('enqueue-correlation');
  const submit = h('button', { type: 'submit', id: 'enqueue-submit' }, 'Enqueue');
  const result = h('div', { id: 'enqueue-result', 'aria-live': 'polite' });
  const error = h('p', { id: 'enqueue-error', class: 'field-error form-error', role: 'alert' });
  const handlerHint = h('small', { class: 'hint', id: 'handler-hint' }, 'Any handler name; suggestions are the handlers the live nodes run.');
  handler.setAttribute('aria-describedby', 'handler-hint');

  const form = h('form', { id: 'enqueue-form', class: 'card form-stack', novalidate: true, onsubmit: onSubmit },
    h('div', { class: 'field' }, h('label', { for: handler.id }, 'Handler'), handler, handlerHint, dlH),
    h('div', { class: 'field' }, h('label', { for: payload.id }, 'Payload (JSON)'), payload,
      h('small', { class: 'hint', id: 'payload-hint' }, 'Any JSON value: an object, array, string, number, true, false or null.'), payloadErr),
    h('fieldset', { class: 'options' }, h('legend', null, 'Options'),
      h('div', { class: 'filter-grid' },
        h('div', null, field('Queue', queue), dlQ), field('Priority', priority, { hint: 'Higher runs first.' }),
        field('Delay (seconds)', delay), field('Run at', runAt, { hint: 'Your time zone. Use delay or run at.' }),
        field('Max attempts', maxAttempts), field('Unique key', uniqueKey), field('Correlation id', correlation))),
    error,
    h('div', { class: 'actions' }, submit),
    result);
  main.append(form);

  const check = () => {
    try {
      JSON.parse(payload.value);
      payloadErr.textContent = '';
      payload.removeAttribute('aria-invalid');
      return true;
    } catch (e) {
      payloadErr.textContent = `Invalid JSON: ${e.message}`;
      payload.setAttribute('aria-invalid', 'true');
      return false;
    }
  };
  let tmr;
  payload.addEventListener('input', () => { clearTimeout(tmr); tmr = setTimeout(check, 400); });

  async function onSubmit(e) {
    e.preventDefault();
    error.textContent = '';
    clear(result);
    handler.removeAttribute('aria-invalid');
    if (!handler.value.trim()) {
      error.textContent = 'Handler is required.';
      handler.setAttribute('aria-invalid', 'true');
      handler.focus();
      return;
    }
    if (!check()) { payload.focus(); return; }
    if (delay.value && runAt.value) { error.textContent = 'Give either a delay or a run-at time, not both.'; delay.focus(); return; }
    const n = (el) => (el.value.trim() === '' ? null : Number(el.value));
    const s = (el) => el.value.trim() || null;
    const body = {
      handler: handler.value.trim(),
      payload: JSON.parse(payload.value),
      queue: s(queue),
      priority: n(priority) ?? 0,
      runAt: localInputToIso(runAt.value),
      delaySeconds: n(delay),
      maxAttempts: n(maxAttempts),
      uniqueKey: s(uniqueKey),
      correlationId: s(correlation),
    };
    await busy(submit, async () => {
      try {
        const r = await api('jobs', { method: 'POST', body });
        clear(result, h('p', { class: 'success-box' }, 'Enqueued job ',
          h('a', { id: 'enqueue-job-link', href: url('jobs/' + encodeURIComponent(r.id)) }, shortId(r.id)), '.'));
      } catch (err) {
        error.textContent = err.detail || err.message;
      }
    });
  }

  const opts = (dl, names) => clear(dl, [...new Set(names)].sort().map((x) => h('option', { value: x })));
  api('handlers').then((hs) => opts(dlH, hs.map((x) => x.name)), () => {});
  api('queues').then((qs) => opts(dlQ, qs.map((q) => q.name)), () => {});
  return {};
}
