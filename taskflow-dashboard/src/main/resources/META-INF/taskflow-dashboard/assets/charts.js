// charts.js: thin wrapper over uPlot (classic script, global `uPlot`). Each chart is a <figure> with a
// caption, a plot with role="img" + aria-label and a text summary for screen readers and quick reading.
import { h } from './dom.js';
import { num } from './format.js';

const dark = matchMedia('(prefers-color-scheme: dark)');
const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/**
 * chartCard({id, title, series: [{label, color: 1..5}], fmt}) -> {el, update({times, values, summary}), destroy()}
 * times: epoch seconds; values: one array per series (null = gap).
 */
export function chartCard({ id, title, series, fmt = num, height = 170 }) {
  const plot = h('div', { class: 'plot', role: 'img', 'aria-label': title });
  const summary = h('p', { class: 'chart-summary' });
  const el = h('figure', { class: 'chart card', id },
    h('figcaption', null, h('h3', null, title)), plot, summary);
  let u = null;
  let data = null;
  let ro = null;

  const build = () => {
    u?.destroy();
    u = null;
    if (!data) return;
    if (typeof uPlot !== 'function') {
      plot.replaceChildren(h('p', { class: 'muted' }, 'Chart library not loaded.'));
      return;
    }
    plot.replaceChildren();
    const axis = { stroke: css('--muted'), grid: { stroke: css('--grid'), width: 1 }, ticks: { stroke: css('--grid'), width: 1 } };
    u = new uPlot({
      width: Math.max(plot.clientWidth, 260),
      height,
      legend: { show: true },
      cursor: { points: { size: 6 } },
      scales: { x: { time: true }, y: { range: (_u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      series: [{}, ...series.map((s) => ({
        label: s.label,
        stroke: css(`--chart-${s.color}`),
        width: 1.75,
        points: { show: false },
        value: (_u, v) => (v == null ? '—' : fmt(v)),
      }))],
      axes: [{ ...axis }, { ...axis, size: 64, values: (_u, vals) => vals.map((v) => fmt(v)) }],
    }, data, plot);
  };

  const onScheme = () => build();
  dark.addEventListener('change', onScheme);
  if ('ResizeObserver' in window) {
    ro = new ResizeObserver(() => { if (u && plot.clientWidth && Math.abs(u.width - plot.clientWidth) > 2) u.setSize({ width: plot.clientWidth, height }); });
    ro.observe(plot);
  }

  return {
    el,
    update({ times, values, summary: text }) {
      data = [times, ...values];
      summary.textContent = text;
      plot.setAttribute('aria-label', `${title} chart. ${text}`);
      if (u && u.series.length === data.length) u.setData(data);
      else build();
    },
    destroy() {
      dark.removeEventListener('change', onScheme);
      ro?.disconnect();
      u?.destroy();
    },
  };
}
