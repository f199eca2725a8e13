// api.js: configuration from the <meta> tags, fetch wrapper with CSRF and problem-details handling.
const meta = (name) => {
  const v = document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? '';
  return v.startsWith('{{') ? '' : v; // unreplaced placeholder: treat as empty
};

export const config = {
  base: meta('taskflow-base').replace(/\/+$/, ''),
  csrfHeader: meta('taskflow-csrf-header'),
  csrfToken: meta('taskflow-csrf-token'),
  canWrite: meta('taskflow-can-write') !== 'false',
};

/** Page URL under the dashboard base: url('jobs', {status: ['FAILED']}) -> /taskflow/jobs?status=FAILED */
export function url(path = '', query) {
  const p = path.replace(/^\/+/, '');
  const qs = query ? toQuery(query) : '';
  return `${config.base}/${p}${qs ? '?' + qs : ''}`;
}

export function apiUrl(path, query) {
  return url('api/v1/' + path.replace(/^\/+/, ''), query);
}

/** Object -> query string; arrays repeat the key, null/undefined/'' are left out. */
export function toQuery(obj) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(obj)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (x != null && x !== '') q.append(k, String(x));
    }
  }
  return q.toString();
}

/** An API error: RFC 9457 problem detail (or a network failure, status 0). */
export class Problem extends Error {
  constructor(status, title, detail, body) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
    this.detail = this.message;
    this.body = body;
  }
}

/**
 * Calls the REST API. Returns the parsed JSON (null for 204). Throws Problem.
 * api('jobs', {query: {status: ['FAILED']}}); api('jobs/retry', {method: 'POST', body: {ids}})
 */
export async function api(path, { method = 'GET', body, query, signal } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (method !== 'GET' && method !== 'HEAD') {
    if (config.csrfHeader && config.csrfToken) headers[config.csrfHeader] = config.csrfToken;
  }
  const init = { method, headers, credentials: 'same-origin', signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(apiUrl(path, query), init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new Problem(0, 'Network error', 'Could not reach the TaskFlow server. Check your connection and try again.');
  }
  const type = res.headers.get('Content-Type') || '';
  let data = null;
  if (res.status !== 204) {
    const text = await res.text();
    if (text && type.includes('json')) {
      try { data = JSON.parse(text); } catch { data = null; }
    } else if (text && !res.ok) {
      data = { detail: text.length > 300 ? '' : text };
    }
  }
  if (!res.ok) {
    const d = data && typeof data === 'object' ? data : {};
    let detail = typeof d.detail === 'string' ? d.detail : '';
    if (!detail) {
      detail = res.status === 403 ? 'You are not allowed to do this (403 Forbidden).'
        : res.status === 401 ? 'You are not signed in (401). Reload the page to sign in.'
        : `${d.title || res.statusText || 'Request failed'} (HTTP ${res.status})`;
    }
    throw new Problem(res.status, d.title || res.statusText, detail, d);
  }
  return data;
}
