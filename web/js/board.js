// The public board: published disclosures with filters (kept in the address, so a search can be shared), paging by
// the API's cursor, and the CSV export of the same filters.

import { allPages, api, query } from './api.js';
import {
  CATEGORIES, OUTCOMES, el, errorMessage, fill, label, loading, message, options, startPage, t, table, yesNo,
} from './common.js';

const FILTERS = ['merchantId', 'venueId', 'category', 'outcome', 'from', 'to'];
const params = new URLSearchParams(location.search);
const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? '']));
const cursors = [null]; // the cursor of each page seen, the first page's is null
let pageIndex = 0;
let page = null;
let parties = null;
let failure = null;

async function load() {
  fill('results', loading());
  try {
    failure = null;
    page = await api(`/api/public/disclosures${query({ ...filters, cursor: cursors[pageIndex] })}`);
  } catch (error) {
    failure = error;
    page = null;
  }
  render();
}

function render() {
  const any = [['', t('common.any')]];
  const merchants = (parties ?? []).filter((p) => p.kind === 'merchant').map((p) => [p.id, p.name]);
  const venues = (parties ?? []).filter((p) => p.kind === 'venue').map((p) => [p.id, p.name]);
  options(document.getElementById('merchantId'), [...any, ...merchants, ...missing(filters.merchantId, merchants)], filters.merchantId);
  options(document.getElementById('venueId'), [...any, ...venues, ...missing(filters.venueId, venues)], filters.venueId);
  options(document.getElementById('category'), [...any, ...CATEGORIES.map((c) => [c, label('category', c)])], filters.category);
  options(document.getElementById('outcome'), [...any, ...OUTCOMES.map((o) => [o, label('outcome', o)])], filters.outcome);
  document.getElementById('from').value = filters.from;
  document.getElementById('to').value = filters.to;
  document.getElementById('csv-link').href = `/api/public/disclosures/export${query({ format: 'csv', ...filters })}`;

  const previous = document.getElementById('previous');
  const next = document.getElementById('next');
  previous.hidden = pageIndex === 0;
  next.hidden = !page?.cursor;
  fill('page-number', page ? t('common.page', { n: pageIndex + 1 }) : '');
  if (failure) {
    fill('results', errorMessage(failure));
    return;
  }
  if (!page) return;
  if (page.items.length === 0) {
    fill('results', message('info', t('board.empty')));
    return;
  }
  const rows = page.items.map((d) => [
    d.monthReceived,
    el('a', { href: `merchant.html?id=${encodeURIComponent(d.merchant.id)}` }, d.merchant.name),
    d.venue?.name ?? '—',
    label('category', d.category),
    label('handled', d.howHandled),
    label('outcome', d.outcome),
    yesNo(d.timely),
    String(d.daysToResolve),
    label('paidBy', d.paidBy),
    d.consumerRating ? `${d.consumerRating}/5` : '—',
    d.narrative ? el('span', { class: 'narrative' }, d.narrative) : el('span', { class: 'muted' }, t('board.noNarrative')),
  ]);
  const headers = ['month', 'merchant', 'venue', 'category', 'handled', 'outcome', 'timely', 'days', 'paidBy', 'rating', 'narrative']
    .map((c) => t(`board.col.${c}`));
  fill('results', el('p', { class: 'muted' }, t('board.count', { n: page.items.length })),
    table(t('board.results'), headers, rows, { class: 'records' }));
}

/** A filter naming a party the registry's first pages did not list still shows as selected (by its id). */
function missing(id, pairs) {
  return id && !pairs.some(([value]) => value === id) ? [[id, id]] : [];
}

document.getElementById('next').addEventListener('click', () => {
  if (!page?.cursor) return;
  cursors[pageIndex + 1] = page.cursor;
  pageIndex += 1;
  load().then(() => document.getElementById('results-heading').scrollIntoView());
});
document.getElementById('previous').addEventListener('click', () => {
  if (pageIndex === 0) return;
  pageIndex -= 1;
  load();
});
// Empty filters stay out of the address.
document.getElementById('filters').addEventListener('formdata', (event) => {
  for (const name of FILTERS) {
    if (!event.formData.get(name)) event.formData.delete(name);
  }
});

startPage(render);
allPages('/api/public/parties').then((items) => { parties = items; render(); }).catch(() => { parties = []; render(); });
load();
