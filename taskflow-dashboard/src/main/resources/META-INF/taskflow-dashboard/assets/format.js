// format.js: times, durations, numbers. All API times are ISO-8601 instants.
const nf = new Intl.NumberFormat();
const nf1 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const dtf = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dtfY = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const hm = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export const num = (n) => (n == null ? '—' : nf.format(n));
export const num1 = (n) => (n == null ? '—' : nf1.format(n));

/** "Dec 6, 07:30:05" in the browser's zone (year added when not this year). */
export function localTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (isNaN(d)) return String(iso);
  return (d.getFullYear() === new Date().getFullYear() ? dtf : dtfY).format(d);
}
export const shortTime = (d) => hm.format(d);

/** "UTC 2026-12-06 06:30:00" */
export function utcTime(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return String(iso);
  return 'UTC ' + d.toISOString().replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
}

/** Milliseconds -> "850 ms", "1.2 s", "3 min 4 s", "2 h 5 min", "3 d 4 h". */
export function duration(ms) {
  if (ms == null || isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${nf1.format(s)} s`;
  return age(s);
}

/** Seconds -> "45 s", "3 min", "3 min 4 s" (under 10 min), "2 h 5 min", "3 d 4 h". */
export function age(sec) {
  if (sec == null || isNaN(sec)) return '—';
  sec = Math.max(0, Math.round(sec));
  if (sec < 60) return `${sec} s`;
  const m = Math.floor(sec / 60);
  if (m < 60) return sec % 60 && m < 10 ? `${m} min ${sec % 60} s` : `${m} min`;
  const hrs = Math.floor(m / 60);
  if (hrs < 24) return m % 60 ? `${hrs} h ${m % 60} min` : `${hrs} h`;
  const d = Math.floor(hrs / 24);
  return hrs % 24 ? `${d} d ${hrs % 24} h` : `${d} d`;
}

/** "5 min ago" / "in 5 min" relative to now. */
export function ago(iso, now = Date.now()) {
  if (!iso) return '—';
  const diff = (now - new Date(iso).getTime()) / 1000;
  return diff >= 0 ? `${age(diff)} ago` : `in ${age(-diff)}`;
}

export const shortId = (id) => (id ? String(id).slice(0, 8) : '—');

export const truncate = (s, n = 80) => {
  if (s == null) return '';
  const line = String(s).split('\n')[0];
  return line.length > n ? line.slice(0, n - 1) + '…' : line;
};

/** datetime-local value ("2026-12-06T07:30") -> ISO instant, or null. */
export function localInputToIso(v) {
  if (!v) return null;
  const d = new Date(v);
  return isNaN(d) ? null : d.toISOString();
}

/** ISO instant -> datetime-local value in the browser's zone. */
export function isoToLocalInput(iso) {
  const d = new Date(iso);
  if (!iso || isNaN(d)) return '';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** "10/1s", "600/1m", "5/500ms" -> permits per second (number) or null. */
export function ratePerSecond(rate) {
  const m = /^\s*([\d.]+)\s*\/\s*([\d.]*)\s*(ms|s|m|min|h)?\s*$/i.exec(rate || '');
  if (!m) return null;
  const unit = { ms: 0.001, s: 1, m: 60, min: 60, h: 3600 }[(m[3] || 's').toLowerCase()];
  const period = (m[2] ? parseFloat(m[2]) : 1) * unit;
  return period ? +(parseFloat(m[1]) / period).toFixed(3) : null;
}

export const plural = (n, one, many = one + 's') => `${num(n)} ${n === 1 ? one : many}`;
