// A merchant's page: its public figures (withheld below the minimum count), its risk tier with the reasons, and its
// monthly history (GET /api/public/merchants/{id}/history; "not available" where the deployment lacks it).

import { ApiError, api } from './api.js';
import {
  el, errorMessage, facts, fill, formatNumber, formatShare, label, loading, message, startPage, t, tierReasons, unavailable, yesNo,
} from './common.js';
import { chart } from './charts.js';

const id = new URLSearchParams(location.search).get('id');
let stats = null;
let history = null;
let statsFailure = null;
let historyFailure = null;

function render() {
  if (!id) {
    fill('merchant', message('info', t('merchant.noId')));
    fill('history');
    return;
  }
  document.getElementById('records-link').href = `index.html?merchantId=${encodeURIComponent(id)}`;
  if (statsFailure) {
    const notFound = statsFailure instanceof ApiError && statsFailure.status === 404;
    fill('merchant', notFound ? message('error', t('merchant.unknown')) : errorMessage(statsFailure));
  } else if (!stats) {
    fill('merchant', loading());
  } else {
    fill('merchant-name', stats.name);
    document.title = `${stats.name} · ${t('site.title')}`;
    fill('merchant', figures(stats));
  }
  if (historyFailure) {
    fill('history', historyFailure instanceof ApiError && historyFailure.status === 404 ? unavailable() : errorMessage(historyFailure));
  } else if (!history) {
    fill('history', loading());
  } else {
    const series = history.series.map((s) => ({ label: s.label, value: s.indicators.received }));
    fill('history', chart('history-chart', t('merchant.history'), series, { type: 'line', valueLabel: t('ind.received') }));
  }
}

function figures(view) {
  if (view.withheld || !view.statistics) {
    return el('section', { 'aria-labelledby': 'figures-heading' },
      el('h2', { id: 'figures-heading' }, t('merchant.figures')),
      message('info', t('merchant.withheld', { n: view.minimumComplaints })));
  }
  const s = view.statistics;
  const a = s.assessment;
  return el('div', {},
    el('section', { 'aria-labelledby': 'figures-heading' },
      el('h2', { id: 'figures-heading' }, t('merchant.figures')),
      facts([
        [t('merchant.complaints'), String(s.complaints)],
        [t('merchant.ackOnTime'), t('merchant.ofDenominator', { share: formatShare(s.shareAcknowledgedOnTime), n: s.acknowledgementsDue })],
        [t('merchant.resolutionRate'), t('merchant.ofDenominator', { share: formatShare(s.resolutionRate), n: s.closed })],
        [t('merchant.advance'), String(s.advanceCompensations)],
        [t('merchant.averageRating'), formatNumber(s.averageRating)],
        [t('merchant.warning'), yesNo(s.consumerWarning)],
      ])),
    el('section', { 'aria-labelledby': 'tier-heading' },
      el('h2', { id: 'tier-heading' }, `${t('merchant.tier')}: ${label('tier', a.riskTier)}`),
      el('h3', {}, t('merchant.reasons')),
      tierReasons(a)));
}

startPage(render);
if (id) {
  api(`/api/public/merchants/${encodeURIComponent(id)}/stats`).then((v) => { stats = v; }, (e) => { statsFailure = e; }).finally(render);
  api(`/api/public/merchants/${encodeURIComponent(id)}/history`).then((v) => { history = v; }, (e) => { historyFailure = e; }).finally(render);
}
