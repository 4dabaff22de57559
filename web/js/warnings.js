// The consumer warnings: merchants in tier D with the reasons of their tier.

import { api } from './api.js';
import { el, errorMessage, fill, label, loading, message, startPage, t, tierReasons } from './common.js';

let warnings = null;
let failure = null;

function render() {
  if (failure) return fill('warnings', errorMessage(failure));
  if (!warnings) return fill('warnings', loading());
  const items = warnings.items ?? warnings;
  if (items.length === 0) return fill('warnings', message('info', t('warnings.empty')));
  return fill('warnings', el('ul', { class: 'cards' }, items.map((w) => el('li', { class: 'card warning' },
    el('h2', {}, el('a', { href: `merchant.html?id=${encodeURIComponent(w.merchantId)}` }, w.name)),
    el('p', {}, `${t('merchant.tier')}: ${label('tier', w.riskTier)} · ${t('merchant.creditCode')}: ${w.creditCode}`),
    el('p', {}, t('warnings.text')),
    tierReasons(w.assessment)))));
}

startPage(render);
api('/api/public/warnings').then((v) => { warnings = v; }, (e) => { failure = e; }).finally(render);
