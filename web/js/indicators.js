// The regulator's indicators (GET /api/regulator/indicators): one slice, and side by side a second region or period.
// "Not available" where the deployment lacks the route.

import { ApiError, allPages, api, query } from './api.js';
import {
  CATEGORIES, el, errorMessage, fill, label, loading, message, options, startPage, t, unavailable,
} from './common.js';
import { refused, requireKey, signOut } from './desk-auth.js';
import { showErrors } from './form-errors.js';
import { sideBySide } from './indicator-table.js';
import { loadRegions, regionName, regionOptions } from './regions.js';

const FIELDS = ['region', 'category', 'merchantId', 'venueId', 'from', 'to', 'compareRegion', 'compareFrom', 'compareTo'];
const form = document.getElementById('slice');
let key = null;
let parties = [];
let result = null;
let failure = null;
let auth = null;
const chosen = Object.fromEntries(FIELDS.map((f) => [f, '']));

function render() {
  auth?.redraw();
  if (!key) return;
  document.getElementById('desk').hidden = false;
  const any = [['', t('common.any')]];
  options(document.getElementById('region'), [...any, ...regionOptions()], chosen.region);
  options(document.getElementById('compareRegion'), [['', t('common.none')], ...regionOptions()], chosen.compareRegion);
  options(document.getElementById('category'), [...any, ...CATEGORIES.map((c) => [c, label('category', c)])], chosen.category);
  options(document.getElementById('merchantId'), [...any, ...parties.filter((p) => p.kind === 'merchant').map((p) => [p.id, p.name])], chosen.merchantId);
  options(document.getElementById('venueId'), [...any, ...parties.filter((p) => p.kind === 'venue').map((p) => [p.id, p.name])], chosen.venueId);
  if (failure) {
    fill('result', failure instanceof ApiError && failure.status === 404 ? unavailable() : errorMessage(failure));
    return;
  }
  if (!result) {
    fill('result');
    return;
  }
  const columns = [{ title: sliceTitle(result.slice, t('indicators.thisSlice')), indicators: result.indicators }];
  if (result.comparison) columns.push({ title: sliceTitle(result.comparison.slice, t('indicators.otherSlice')), indicators: result.comparison.indicators });
  const below = columns.some((c) => c.indicators?.belowMinimum);
  fill('result', sideBySide(t('indicators.title'), columns),
    below ? message('info', t('common.belowMinimum', { n: result.minimumCount })) : null);
}

function sliceTitle(s, fallback) {
  if (!s) return fallback;
  const parts = [s.region ? regionName(s.region) : null, s.category ? label('category', s.category) : null,
    s.merchantId, s.venueId, s.from && s.to ? `${s.from} – ${s.to}` : null].filter(Boolean);
  return parts.length ? `${fallback}: ${parts.join(' · ')}` : fallback;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  for (const name of FIELDS) chosen[name] = document.getElementById(name).value;
  fill('result', loading());
  try {
    result = await api(`/api/regulator/indicators${query(chosen)}`, { apiKey: key });
    failure = null;
    fill('error-summary');
  } catch (error) {
    if (refused(error)) signOut();
    failure = error;
    result = null;
    if (error instanceof ApiError && error.status === 400) showErrors(form, document.getElementById('error-summary'), error.fieldErrors, error.message);
  }
  render();
});

startPage(render);
auth = requireKey((accepted) => {
  key = accepted;
  render();
  loadRegions().then(render);
  allPages('/api/public/parties').then((items) => { parties = items; render(); }).catch(() => {});
});
