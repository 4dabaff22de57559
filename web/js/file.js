// The consumer files a complaint. The form sends what was typed; the API's validation decides (the same rules and
// field errors as for any client), and its errors are shown at the fields. The answer's tracking token goes into the
// private link's fragment (follow.html#id=…&token=…), which the browser never sends to a server.

import { ApiError, allPages, api } from './api.js';
import { CATEGORIES, describeError, el, fill, label, options, startPage, t } from './common.js';
import { clearErrors, showErrors } from './form-errors.js';
import { rememberJustFiled } from './just-filed.js';

const form = document.getElementById('filing');
const summary = document.getElementById('error-summary');
let parties = [];

function render() {
  const merchant = document.getElementById('merchantId');
  const venue = document.getElementById('venueId');
  const category = document.getElementById('category');
  options(merchant, [['', t('file.chooseMerchant')], ...parties.filter((p) => p.kind === 'merchant').map((p) => [p.id, p.name])], merchant.value);
  options(venue, [['', t('file.noVenue')], ...parties.filter((p) => p.kind === 'venue').map((p) => [p.id, p.name])], venue.value);
  options(category, [['', t('file.chooseCategory')], ...CATEGORIES.map((c) => [c, label('category', c)])], category.value);
}

/** The body as typed: empty optional fields are left out; an amount that is not a number is sent as typed (the API names it). */
function filing() {
  const value = (id) => document.getElementById(id).value.trim();
  const optional = (id) => value(id) || undefined;
  const amountText = value('amountClaimed-amount').replace(/,/g, '');
  const amount = amountText !== '' && Number.isFinite(Number(amountText)) ? Number(amountText) : (amountText || null);
  return {
    consumer: { name: value('consumer-name'), phone: optional('consumer-phone'), email: optional('consumer-email') },
    merchantId: value('merchantId'),
    venueId: optional('venueId'),
    category: value('category') || null,
    description: value('description'),
    amountClaimed: { amount, currency: value('amountClaimed-currency') },
    orderReference: optional('orderReference'),
    occurredOn: optional('occurredOn'),
    consentToPublishNarrative: document.getElementById('consentToPublishNarrative').checked,
  };
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    clearErrors(form, summary);
    const filed = await api('/api/complaints', { body: filing() });
    rememberJustFiled(filed.complaintId);
    const link = new URL('follow.html', location.href);
    link.hash = new URLSearchParams({ id: filed.complaintId, token: filed.trackingToken }).toString();
    document.getElementById('follow-link').href = link.href;
    document.getElementById('follow-url').textContent = link.href;
    form.hidden = true;
    const done = document.getElementById('filed');
    done.hidden = false;
    done.focus();
  } catch (error) {
    showErrors(form, summary, error instanceof ApiError ? error.fieldErrors : {}, describeError(error));
  } finally {
    button.disabled = false;
  }
});

document.getElementById('copy-link').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(document.getElementById('follow-url').textContent);
    fill('copy-status', t('file.copied'));
  } catch {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('follow-url'));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  }
});

startPage(render);
allPages('/api/public/parties').then((items) => { parties = items; render(); }).catch((error) => {
  summary.append(el('p', { class: 'message error', role: 'alert' }, describeError(error)));
});
