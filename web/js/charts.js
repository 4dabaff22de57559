// Charts with Chart.js (pinned in package-lock.json, served by the host from vendor/: no CDN). Each chart is a canvas
// with role="img" and a label, followed by the same figures as a table for screen readers and for copying.

import { el, table, t } from './common.js';

const charts = new Map();

/**
 * A bar (or line) chart of series [{label, value}] in a container; redrawing the same id replaces the chart.
 * Returns the figure element.
 */
export function chart(id, title, series, { type = 'bar', valueLabel = '' } = {}) {
  charts.get(id)?.destroy();
  const canvas = el('canvas', { id, role: 'img', 'aria-label': `${title}: ${series.map((s) => `${s.label} ${s.value ?? '—'}`).join(', ')}` });
  const figure = el('figure', { class: 'chart' },
    el('figcaption', {}, title),
    el('div', { class: 'chart-box' }, canvas),
    el('details', {}, el('summary', {}, t('common.chartTable')),
      table(title, [t('trends.key'), valueLabel || title], series.map((s) => [s.label, s.value === null || s.value === undefined ? '—' : String(s.value)]))));
  if (typeof window.Chart === 'function') {
    // Drawn once the canvas is in the document (Chart.js measures its box).
    requestAnimationFrame(() => {
      if (!canvas.isConnected) return;
      charts.set(id, new window.Chart(canvas, {
        type,
        data: {
          labels: series.map((s) => s.label),
          datasets: [{ label: valueLabel || title, data: series.map((s) => s.value), backgroundColor: '#1f5f8b', borderColor: '#1f5f8b' }],
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      }));
    });
  }
  return figure;
}
