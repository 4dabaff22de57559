// The indicators of slices as a table: one row per slice, or one column per slice (side by side).

import { formatMoney, formatNumber, formatShare, t, table } from './common.js';

export const INDICATORS = [
  ['received', 'count'], ['acknowledged', 'count'], ['acknowledgedOnTime', 'count'], ['acknowledgedOnTimeShare', 'share'],
  ['resolved', 'count'], ['resolvedShare', 'share'], ['daysToResolveMedian', 'days'], ['daysToResolveP90', 'days'],
  ['advanceCompensations', 'count'], ['advanceCompensationAmount', 'money'], ['mediations', 'count'],
  ['mediationRate', 'share'], ['ratings', 'count'], ['averageRating', 'rating'], ['untimely', 'count'], ['untimelyShare', 'share'],
];

export function formatIndicator(kind, value) {
  if (value === null || value === undefined) return '—';
  switch (kind) {
    case 'share': return formatShare(value);
    case 'money': return formatMoney(value);
    case 'days': return formatNumber(value, 1);
    case 'rating': return formatNumber(value, 2);
    default: return formatNumber(value, 0);
  }
}

const SUMMARY = ['received', 'acknowledgedOnTimeShare', 'resolvedShare', 'daysToResolveMedian', 'averageRating', 'untimelyShare'];

/** Series [{key, label, indicators}] as rows with the main indicators. */
export function seriesTable(caption, series) {
  const kinds = Object.fromEntries(INDICATORS);
  return table(caption, [t('trends.key'), ...SUMMARY.map((name) => t(`ind.${name}`))],
    series.map((s) => [s.label, ...SUMMARY.map((name) => formatIndicator(kinds[name], s.indicators?.[name]))]),
    { rowHeaders: true });
}

/** Slices side by side: columns [{title, indicators}], every indicator a row. */
export function sideBySide(caption, columns) {
  return table(caption, [t('indicators.indicator'), ...columns.map((c) => c.title)],
    INDICATORS.map(([name, kind]) => [t(`ind.${name}`), ...columns.map((c) => formatIndicator(kind, c.indicators?.[name]))]),
    { rowHeaders: true, class: 'side-by-side' });
}
