// The regulator's inspection list (GET /api/regulator/inspection-list): merchants by risk tier, worst first, with the
// suggested inspections a year and the reasons. "Not available" where the deployment lacks the route.

import { ApiError, api, query } from './api.js';
import {
  el, errorMessage, fill, label, loading, message, options, startPage, t, table, unavailable,
} from './common.js';
import { refused, requireKey, signOut } from './desk-auth.js';

let key = null;
let tier = '';
let cursor = null;
let page = null;
let failure = null;
let auth = null;

async function load() {
  fill('list', loading());
  try {
    page = await api(`/api/regulator/inspection-list${query({ tier, cursor })}`, { apiKey: key });
    failure = null;
  } catch (error) {
    if (refused(error)) signOut();
    failure = error;
  }
  render();
}

function render() {
  auth?.redraw();
  if (!key) return;
  document.getElementById('desk').hidden = false;
  options(document.getElementById('tier'), [['', t('common.any')], ...['D', 'C', 'B', 'A', 'Unrated'].map((x) => [x, label('tier', x)])], tier);
  document.getElementById('more').hidden = !page?.cursor;
  if (failure) {
    fill('list', failure instanceof ApiError && failure.status === 404 ? unavailable() : errorMessage(failure));
    return;
  }
  if (!page) return;
  if (page.items.length === 0) {
    fill('list', message('info', t('inspection.empty')));
    return;
  }
  fill('list', table(t('inspection.title'),
    [t('inspection.merchant'), t('inspection.tier'), t('inspection.perYear'), t('inspection.complaints'), t('inspection.reasons')],
    page.items.map((i) => [
      el('a', { href: `merchant.html?id=${encodeURIComponent(i.merchantId)}` }, i.name),
      label('tier', i.tier),
      String(i.inspectionsPerYear),
      String(i.complaints),
      el('ul', { class: 'reasons' }, (i.reasons ?? []).map((r) => el('li', {}, `${label('reason', r.code)}: ${r.count}`))),
    ]), { rowHeaders: true }));
}

document.getElementById('tier-filter').addEventListener('submit', (event) => {
  event.preventDefault();
  tier = document.getElementById('tier').value;
  cursor = null;
  load();
});
document.getElementById('more').addEventListener('click', () => {
  cursor = page?.cursor;
  load();
});

startPage(render);
auth = requireKey((accepted) => {
  key = accepted;
  load();
});
