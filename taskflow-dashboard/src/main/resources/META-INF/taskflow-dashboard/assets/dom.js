// dom.js: DOM building (createElement/textContent only, never innerHTML), alerts, confirm dialog, shared widgets.
// Hooks: #alert (aria-live region; messages inside: .msg[data-kind="error"|"success"]),
//        dialog#confirm-dialog, #confirm-message, #confirm-input (when a value is asked for), #confirm-ok, #confirm-cancel.
import { config } from './api.js';
import { localTime, utcTime } from './format.js';

const PROPS = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'open', 'multiple', 'required', 'indeterminate']);

/** h('a', {href, class: 'x', onclick: fn, dataset: {id}}, 'text', child, [more]) */
export function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (PROPS.has(k)) el[k] = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
  }
  append(el, kids);
  return el;
}

export function append(el, kids) {
  for (const k of kids.flat(Infinity)) {
    if (k == null || k === false) continue;
    el.append(k instanceof Node ? k : String(k));
  }
  return el;
}

export function clear(el, ...kids) {
  el.replaceChildren();
  return append(el, kids);
}

let seq = 0;
export const uid = (p = 'f') => `${p}-${++seq}`;

/** Marks a write control: disabled and hidden (CSS) when the user cannot write. */
export function w(el) {
  el.dataset.write = '';
  if (!config.canWrite) { el._enabled = false; el.disabled = true; el.hidden = true; }
  return el;
}

/** Enables/disables a button; respects read-only mode and a running busy() action. */
export function enable(el, on) {
  el._enabled = !!on && (config.canWrite || !('write' in el.dataset));
  if (!el._busy) el.disabled = !el._enabled;
}

export const button = (text, props = {}) => h('button', { type: 'button', ...props }, text);

/** Status / outcome badge: colour plus text. */
export function badge(status, props = {}) {
  const s = String(status ?? 'UNKNOWN');
  return h('span', { class: `badge s-${s.toLowerCase()}`, ...props }, s);
}

/** <time> in local time, UTC in the title. */
export function time(iso, text) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  return h('time', { datetime: iso, title: utcTime(iso) }, text ?? localTime(iso));
}

/** A labelled field: label + control (+ optional hint / error slot). */
export function field(labelText, control, { hint, cls } = {}) {
  if (!control.id) control.id = uid();
  const kids = [h('label', { for: control.id }, labelText), control];
  if (hint) {
    const hid = uid('hint');
    control.setAttribute('aria-describedby', hid);
    kids.push(h('small', { id: hid, class: 'hint' }, hint));
  }
  return h('div', { class: `field ${cls || ''}`.trim() }, kids);
}

/** Table with scoped headers inside a horizontally scrolling container. */
export function table(id, caption, headers, { captionHidden = true } = {}) {
  const tbody = h('tbody');
  const t = h('table', { id, class: 'grid' },
    h('caption', { class: captionHidden ? 'sr-only' : null }, caption),
    h('thead', null, h('tr', null, headers.map((x) =>
      x instanceof Node ? h('th', { scope: 'col' }, x) : h('th', { scope: 'col', class: x.startsWith('#') ? 'num' : null }, x.replace(/^#/, ''))))),
    tbody);
  const wrap = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `${caption} (table)` }, t);
  return { wrap, table: t, tbody };
}

/** Keyed reconciliation: keeps existing elements (and their inputs/focus) across live updates. */
export function keyed(parent, items, keyOf, create, update) {
  const old = new Map([...parent.children].map((c) => [c._key, c]));
  let i = 0;
  for (const it of items) {
    const k = keyOf(it);
    let el = old.get(k);
    if (el) old.delete(k);
    else { el = create(it); el._key = k; }
    update(el, it);
    if (parent.children[i] !== el) parent.insertBefore(el, parent.children[i] || null);
    i++;
  }
  for (const el of old.values()) el.remove();
}

// ---- alerts ----
let msgTimer;
/** Shows a message in #alert. kind: 'error' (stays until dismissed or navigation) or 'success'. */
export function notify(text, kind = 'success') {
  const region = document.getElementById('alert');
  clearTimeout(msgTimer);
  const msg = h('div', { class: `msg ${kind}`, dataset: { kind }, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'msg-icon', 'aria-hidden': 'true' }, kind === 'error' ? '!' : '✓'),
    h('span', { class: 'msg-text' }, text),
    button('Dismiss', { class: 'link-btn', onclick: () => region.replaceChildren() }));
  region.replaceChildren(msg);
  if (kind !== 'error') msgTimer = setTimeout(() => msg.isConnected && msg.remove(), 10000);
}
export const showError = (e) => {
  if (e?.name === 'AbortError') return;
  notify(e?.detail || e?.message || String(e), 'error');
};
export const clearAlert = () => document.getElementById('alert')?.replaceChildren();

// ---- confirm dialog ----
let dlg;
/**
 * Modal confirmation (<dialog>). Resolves true on OK. Focus returns to the opener.
 * With input ({ label, value, list, maxLength }) it also asks for a value (#confirm-input, required, not blank)
 * and resolves to it, trimmed, on OK; to false otherwise.
 */
export function confirmDialog({ title = 'Are you sure?', message, ok = 'OK', danger = false, opener = document.activeElement, input = null }) {
  if (!dlg) {
    dlg = h('dialog', { id: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-message' },
      h('form', { method: 'dialog', class: 'dialog-form' },
        h('h2', { id: 'confirm-title' }),
        h('p', { id: 'confirm-message' }),
        h('div', { id: 'confirm-field', class: 'field', hidden: true },
          h('label', { id: 'confirm-label', for: 'confirm-input' }),
          h('input', { id: 'confirm-input', name: 'confirm-input', type: 'text', autocomplete: 'off', pattern: '.*\\S.*' })),
        h('div', { class: 'actions' },
          // cancels without the input's validation
          h('button', { id: 'confirm-cancel', value: 'cancel', class: 'secondary', formnovalidate: true }, 'Cancel'),
          h('button', { id: 'confirm-ok', value: 'ok' }, 'OK'))));
    document.body.append(dlg);
  }
  dlg.querySelector('#confirm-title').textContent = title;
  dlg.querySelector('#confirm-message').textContent = message;
  const okBtn = dlg.querySelector('#confirm-ok');
  okBtn.textContent = ok;
  okBtn.className = danger ? 'danger' : '';
  const fieldBox = dlg.querySelector('#confirm-field');
  const inputEl = dlg.querySelector('#confirm-input');
  fieldBox.hidden = !input;
  // a hidden required input would block every plain confirmation
  inputEl.required = !!input;
  if (input) {
    dlg.querySelector('#confirm-label').textContent = input.label;
    inputEl.value = input.value ?? '';
    if (input.maxLength) inputEl.maxLength = input.maxLength; else inputEl.removeAttribute('maxlength');
    if (input.list) inputEl.setAttribute('list', input.list); else inputEl.removeAttribute('list');
  }
  dlg.returnValue = '';
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => {
      if (opener?.isConnected) opener.focus();
      const confirmed = dlg.returnValue === 'ok';
      resolve(input ? confirmed && inputEl.value.trim() : confirmed);
    }, { once: true });
    dlg.showModal();
    (input ? inputEl : dlg.querySelector('#confirm-cancel')).focus();
  });
}

/** Runs an async action with the button busy, reporting problems in #alert. */
export async function busy(btn, fn) {
  if (btn) { btn._busy = true; btn.disabled = true; btn.setAttribute('aria-busy', 'true'); }
  try { return await fn(); } catch (e) { showError(e); return undefined; } finally {
    if (btn) { btn._busy = false; btn.disabled = btn._enabled === false; btn.removeAttribute('aria-busy'); }
  }
}

export const pageHeader = (title, ...extra) =>
  h('div', { class: 'page-head' }, h('h1', { id: 'page-title', tabindex: '-1' }, title), extra);

export const empty = (text) => h('p', { class: 'empty' }, text);
