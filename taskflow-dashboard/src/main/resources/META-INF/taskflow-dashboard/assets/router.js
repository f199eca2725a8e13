// router.js: history-API routing under the dashboard base. Pages export mount(main, route) -> {unmount?, update?}.
import { config } from './api.js';
import { clearAlert } from './dom.js';

let routes = [];
let current = null; // {route, instance}
let main;

export function startRouter(table) {
  routes = table;
  main = document.getElementById('main');
  document.addEventListener('click', onClick);
  addEventListener('popstate', () => render(false));
  render(true);
}

/** Navigates to an app URL (absolute path or full URL). */
export function navigate(href, { replace = false } = {}) {
  const u = new URL(href, location.href);
  history[replace ? 'replaceState' : 'pushState'](null, '', u.pathname + u.search + u.hash);
  render(false);
}

/** Changes the URL's query without re-rendering (a page that already shows that state). */
export function setUrlQuery(query, { replace = false } = {}) {
  const qs = query.toString();
  const next = location.pathname + (qs ? '?' + qs : '');
  if (next !== location.pathname + location.search) history[replace ? 'replaceState' : 'pushState'](null, '', next);
}

function match() {
  let p = location.pathname;
  if (config.base && (p === config.base || p.startsWith(config.base + '/'))) p = p.slice(config.base.length);
  p = p.replace(/\/+$/, '');
  for (const r of routes) {
    const m = r.re.exec(p);
    if (m) return { ...r, params: m.slice(1).map(decodeURIComponent), query: new URLSearchParams(location.search) };
  }
  return { ...routes.find((r) => r.name === 'notfound'), params: [], query: new URLSearchParams(location.search) };
}

function render(initial) {
  const route = match();
  if (current && current.route.name === route.name && current.instance?.update
      && current.route.params.join('/') === route.params.join('/')) {
    current.route = route;
    current.instance.update(route);
    return;
  }
  try { current?.instance?.unmount?.(); } catch (e) { console.warn(e); }
  if (!initial) clearAlert();
  main.replaceChildren();
  document.title = `${route.title} · TaskFlow`;
  for (const a of document.querySelectorAll('#nav a[data-nav]')) {
    if (a.dataset.nav === route.nav) a.setAttribute('aria-current', route.name === route.nav ? 'page' : 'true');
    else a.removeAttribute('aria-current');
  }
  current = { route, instance: route.page.mount(main, route) || {} };
  if (!initial) {
    scrollTo(0, 0);
    (document.getElementById('page-title') || main).focus({ preventScroll: true });
  }
}

function onClick(e) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest?.('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const u = new URL(a.href, location.href);
  const b = config.base;
  if (u.origin !== location.origin || !(u.pathname === b || u.pathname.startsWith(b + '/'))) return;
  if (u.pathname.startsWith(b + '/api/') || u.pathname.startsWith(b + '/assets/')) return;
  if (u.hash && u.pathname === location.pathname && u.search === location.search) return; // in-page anchor
  e.preventDefault();
  navigate(u.href);
}
