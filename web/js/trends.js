// Trends (GET /api/public/trends): complaints received by period, by category and by region for one slice, each as a
// chart with its table, and a CSV of each. "Not available" where the deployment lacks the route.

import { ApiError, api, query } from './api.js';
import {
  CATEGORIES, el, errorMessage, fill, label, loading, options, startPage, t, unavailable,
} from './common.js';
import { chart } from './charts.js';
import { seriesTable } from './indicator-table.js';
import { loadRegions, regionName, regionOptions } from './regions.js';

const params = new URLSearchParams(location.search);
const slice = {
  region: params.get('region') ?? '',
  category: params.get('category') ?? '',
  period: params.get('period') ?? 'month',
  from: params.get('from') ?? '',
  to: params.get('to') ?? '',
};
const VIEWS = [['month', 'by-month', 'line'], ['category', 'by-category', 'bar'], ['region', 'by-region', 'bar']];
const results = {};

function render() {
  options(document.getElementById('region'), [['', t('trends.allRegions')], ...regionOptions()], slice.region);
  options(document.getElementById('category'), [['', t('common.any')], ...CATEGORIES.map((c) => [c, label('category', c)])], slice.category);
  options(document.getElementById('period'), ['month', 'quarter', 'year'].map((p) => [p, t(`period.${p}`)]), slice.period);
  document.getElementById('from').value = slice.from;
  document.getElementById('to').value = slice.to;
  for (const [by, target, type] of VIEWS) {
    const result = results[by];
    if (!result) {
      fill(target, loading());
    } else if (result.error) {
      fill(target, result.error instanceof ApiError && result.error.status === 404 ? unavailable() : errorMessage(result.error));
    } else {
      const series = result.data.series.map((s) => ({ ...s, label: labelOf(by, s) }));
      const title = t(`trends.by${by[0].toUpperCase()}${by.slice(1)}`);
      fill(target,
        chart(`chart-${by}`, title, series.map((s) => ({ label: s.label, value: s.indicators.received })), { type, valueLabel: t('ind.received') }),
        seriesTable(title, series),
        series.some((s) => s.indicators?.belowMinimum) ? el('p', { class: 'muted' }, t('common.belowMinimum', { n: result.data.minimumCount })) : null,
        el('p', {}, el('a', { class: 'download', href: `/api/public/trends${query({ ...slice, by, format: 'csv' })}`, download: true }, t('trends.csv'))));
    }
  }
}

function labelOf(by, series) {
  if (by === 'category') return label('category', series.key);
  if (by === 'region') return regionName(series.key, series.label);
  return series.label;
}

document.getElementById('slice').addEventListener('formdata', (event) => {
  for (const [name, value] of [...event.formData.entries()]) {
    if (!value) event.formData.delete(name);
  }
});

startPage(render);
loadRegions().then(render);
for (const [by] of VIEWS) {
  api(`/api/public/trends${query({ ...slice, by })}`)
    .then((data) => { results[by] = { data }; }, (error) => { results[by] = { error }; })
    .finally(render);
}
