// The consumer follows their complaint by the private link follow.html#id=…&token=…. The fragment stays in the
// browser (it is not part of any request); the token is sent only as Authorization: Bearer to the API.
// Shows the status, the deadlines, the proposal, the timeline, and the consumer's actions.

import { ApiError, api } from './api.js';
import { justFiled } from './just-filed.js';
import {
  describeError, el, errorMessage, facts, fill, formatDateTime, formatMoney, label, loading, message, startPage, t,
} from './common.js';

const fragment = new URLSearchParams(location.hash.slice(1));
const id = fragment.get('id');
const token = fragment.get('token');
let complaint = null;
let failure = null;
let done = null;
let recording = false;

const ANSWERABLE = (c) => c.status === 'resolution-proposed'
  || (['escalated', 'in-mediation'].includes(c.status) && c.resolution?.inMediation && !c.resolution.declined);
const WITHDRAWABLE = ['filed', 'assigned', 'acknowledged', 'resolution-proposed', 'refused', 'escalated', 'in-mediation'];
const RATEABLE = ['resolved', 'mediated', 'closed', 'compensated', 'recovery-opened', 'disclosed'];

const RECORDING_WAIT_MS = 60 * 1000;

async function load() {
  if (!id || !token) return;
  const started = Date.now();
  let delay = 500;
  for (;;) {
    try {
      complaint = await api(`/api/complaints/${encodeURIComponent(id)}`, { token });
      failure = null;
      recording = false;
      break;
    } catch (error) {
      // Just filed here: not recorded yet, rather than a wrong link. Wait for it, a bounded while.
      if (error instanceof ApiError && error.status === 404 && justFiled(id) && Date.now() - started < RECORDING_WAIT_MS) {
        recording = true;
        render();
        await new Promise((resolve) => { setTimeout(resolve, delay); });
        delay = Math.min(delay * 2, 4000);
        continue;
      }
      failure = error;
      recording = false;
      break;
    }
  }
  render();
}

function render() {
  if (!id || !token) {
    fill('complaint', message('info', t('follow.noLink')));
    return;
  }
  if (failure) {
    const notFound = failure instanceof ApiError && [401, 404].includes(failure.status);
    fill('complaint', notFound ? message('error', t('follow.notFound')) : errorMessage(failure));
    return;
  }
  if (!complaint) {
    fill('complaint', recording ? message('info', t('follow.recording')) : loading());
    return;
  }
  const c = complaint;
  const d = c.deadlines ?? {};
  const deadlines = [
    ['follow.acknowledgeBy', d.acknowledgeBy], ['follow.resolveBy', d.resolveBy],
    ['follow.confirmBy', d.confirmBy], ['follow.mediationBy', d.mediationBy],
  ].filter(([, at]) => at).map(([key, at]) => [t(key), el('time', { datetime: at }, formatDateTime(at))]);
  fill('complaint',
    el('section', { 'aria-labelledby': 'summary-heading' },
      el('h2', { id: 'summary-heading' }, t('follow.summary')),
      facts([
        [t('follow.status'), el('strong', { id: 'complaint-status' }, label('status', c.status))],
        [t('follow.category'), label('category', c.category)],
        [t('follow.claimed'), formatMoney(c.amountClaimed)],
        [t('follow.filedAt'), formatDateTime(c.filedAt)],
        [t('follow.merchant'), c.parties?.merchant?.name],
        [t('follow.venue'), c.parties?.venue?.name],
        [t('follow.outcome'), c.outcome ? label('outcome', c.outcome) : null],
        [t('follow.refusal'), c.refusalReason],
        [t('follow.notCovered'), c.notCovered?.explanation],
      ])),
    el('section', { 'aria-labelledby': 'deadlines-heading' },
      el('h2', { id: 'deadlines-heading' }, t('follow.deadlines')),
      deadlines.length ? facts(deadlines) : el('p', {}, t('follow.noDeadline'))),
    c.resolution ? el('section', { 'aria-labelledby': 'proposal-heading' },
      el('h2', { id: 'proposal-heading' }, t('follow.proposal')),
      facts([
        [t('follow.remedy'), label('remedy', c.resolution.remedy)],
        [t('follow.amount'), c.resolution.amount ? formatMoney(c.resolution.amount) : null],
        [t('follow.note'), c.resolution.note],
      ])) : null,
    actions(c),
    el('section', { 'aria-labelledby': 'timeline-heading' },
      el('h2', { id: 'timeline-heading' }, t('follow.timeline')),
      el('ol', { class: 'timeline' }, c.timeline.map((entry) => el('li', {},
        el('time', { datetime: entry.at }, formatDateTime(entry.at)), ' ', label('event', entry.type))))),
  );
}

function actions(c) {
  const section = el('section', { 'aria-labelledby': 'actions-heading', class: 'actions-panel' },
    el('h2', { id: 'actions-heading', tabindex: '-1' }, t('follow.actions')));
  if (done) section.append(message('success', t('follow.done', { what: done })));
  let any = false;
  if (ANSWERABLE(c)) {
    any = true;
    const confirm = el('button', { type: 'button' }, t('follow.confirm'));
    confirm.addEventListener('click', () => act('confirmation', undefined, t('follow.confirm')));
    const reason = el('textarea', { id: 'dispute-reason', rows: '3', required: true });
    const dispute = el('form', { class: 'inline-form' },
      el('label', { for: 'dispute-reason' }, t('follow.disputeReason')), reason,
      el('button', { type: 'submit', class: 'secondary' }, t('follow.dispute')));
    dispute.addEventListener('submit', (event) => {
      event.preventDefault();
      act('dispute', { reason: reason.value }, t('follow.dispute'));
    });
    section.append(el('div', { class: 'actions' }, confirm), dispute);
  }
  if (RATEABLE.includes(c.status) && !c.evaluation) {
    any = true;
    const rating = el('select', { id: 'rating' }, ['5', '4', '3', '2', '1'].map((n) => el('option', { value: n }, n)));
    const comment = el('textarea', { id: 'rating-comment', rows: '2' });
    const rate = el('form', { class: 'inline-form' },
      el('h3', {}, t('follow.rate')),
      el('label', { for: 'rating' }, t('follow.rating')), rating,
      el('label', { for: 'rating-comment' }, t('follow.comment')), comment,
      el('button', { type: 'submit' }, t('follow.submitRating')));
    rate.addEventListener('submit', (event) => {
      event.preventDefault();
      act('evaluation', { rating: Number(rating.value), comment: comment.value.trim() || undefined }, t('follow.rate'));
    });
    section.append(rate);
  }
  if (c.evaluation) section.append(el('p', {}, t('follow.rated', { rating: c.evaluation.rating })));
  if (WITHDRAWABLE.includes(c.status)) {
    any = true;
    const ask = el('div', { class: 'confirm-withdraw', hidden: true },
      el('p', {}, t('follow.withdrawAsk')));
    const yes = el('button', { type: 'button', class: 'danger' }, t('follow.withdrawConfirm'));
    yes.addEventListener('click', () => act('withdrawal', undefined, t('follow.withdraw')));
    ask.append(yes);
    const withdraw = el('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false' }, t('follow.withdraw'));
    withdraw.addEventListener('click', () => {
      ask.hidden = false;
      withdraw.setAttribute('aria-expanded', 'true');
      yes.focus();
    });
    section.append(el('div', { class: 'actions' }, withdraw), ask);
  }
  if (!any) section.append(el('p', {}, t('follow.noAction')));
  const refresh = el('button', { type: 'button', class: 'secondary' }, t('follow.refresh'));
  refresh.addEventListener('click', load);
  section.append(el('div', { class: 'actions' }, refresh));
  return section;
}

async function act(path, body, what) {
  try {
    complaint = await api(`/api/complaints/${encodeURIComponent(id)}/${path}`, { method: 'POST', body: body ?? {}, token });
    done = what;
    failure = null;
    render();
    document.getElementById('actions-heading')?.focus(); // the result is read out from there
  } catch (error) {
    fill('status-message', message('error', describeError(error)));
  }
}

startPage(render);
window.addEventListener('hashchange', () => location.reload());
load();
