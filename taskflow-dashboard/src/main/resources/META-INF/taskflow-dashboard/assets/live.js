// live.js: one shared EventSource on {base}/api/v1/events ('snapshot' events = overview JSON).
// Opened only while a page subscribes; closed while the tab is hidden; reconnects with backoff.
// Hook: #live-status[data-state="live"|"connecting"|"reconnecting"|"paused"]
import { apiUrl } from './api.js';

const subs = new Set();
let es = null;
let timer = 0;
let delay = 1000;
let idle = 0;
export let lastSnapshot = null;

/** subscribe(fn) -> unsubscribe. fn(snapshot) is called for every snapshot event. */
export function subscribe(fn) {
  subs.add(fn);
  clearTimeout(idle);
  open();
  return () => {
    subs.delete(fn);
    // keep the stream a moment: the next page usually subscribes again
    if (!subs.size) idle = setTimeout(() => subs.size || close('off'), 3000);
  };
}

function setState(state) {
  const el = document.getElementById('live-status');
  if (!el) return;
  el.dataset.state = state;
  el.hidden = state === 'off';
  el.textContent = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', paused: 'Paused' }[state] || '';
  el.title = state === 'paused' ? 'Live updates pause while the tab is hidden' : '';
}

function open() {
  if (es || !subs.size) return;
  if (document.hidden) { setState('paused'); return; }
  clearTimeout(timer);
  setState('connecting');
  es = new EventSource(apiUrl('events'), { withCredentials: true });
  es.addEventListener('open', () => { delay = 1000; });
  es.addEventListener('snapshot', (e) => {
    let data;
    try { data = JSON.parse(e.data); } catch { return; }
    delay = 1000;
    lastSnapshot = data;
    setState('live');
    for (const fn of [...subs]) {
      try { fn(data); } catch (err) { console.error(err); }
    }
  });
  es.addEventListener('error', () => {
    if (!es) return;
    setState('reconnecting');
    if (es.readyState === EventSource.CLOSED) { // the browser gave up (HTTP error): retry ourselves
      es = null;
      timer = setTimeout(open, delay);
      delay = Math.min(delay * 2, 30000);
    }
  });
}

function close(state) {
  clearTimeout(timer);
  if (es) { es.close(); es = null; }
  setState(state);
}

document.addEventListener('visibilitychange', () => {
  if (document.hidden) { if (subs.size) close('paused'); } else open();
});
