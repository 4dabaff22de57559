// The regulator's draft queue: each drafted disclosure with its scrubbed narrative, to publish, or to withhold with a
// reason.

import { api, query } from './api.js';
import {
  describeError, el, errorMessage, facts, fill, label, loading, message, startPage, t, yesNo,
} from './common.js';
import { refused, requireKey, signOut } from './desk-auth.js';

let key = null;
let drafts = null;
let cursor = null;
let nextCursor = null;
let failure = null;
let auth = null;

async function load() {
  fill('drafts', loading());
  try {
    const page = await api(`/api/regulator/disclosures${query({ status: 'draft', cursor })}`, { apiKey: key });
    drafts = page.items;
    nextCursor = page.cursor;
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
  document.getElementById('drafts-section').hidden = false;
  document.getElementById('more').hidden = !nextCursor;
  if (failure) {
    fill('drafts', errorMessage(failure));
    return;
  }
  if (!drafts) return;
  if (drafts.length === 0) {
    fill('drafts', message('info', t('desk.noDrafts')));
    return;
  }
  fill('drafts', el('ul', { class: 'cards' }, drafts.map(draftCard)));
}

function draftCard(draft) {
  const r = draft.record;
  const headingId = `draft-${draft.disclosureId}`;
  const reasonId = `reason-${draft.disclosureId}`;
  const publish = el('button', { type: 'button' }, t('desk.publish'));
  publish.addEventListener('click', () => decide(draft, 'publish', undefined));
  const reason = el('textarea', { id: reasonId, rows: '2', required: true });
  const withhold = el('form', { class: 'inline-form' },
    el('label', { for: reasonId }, t('desk.withholdReason')), reason,
    el('button', { type: 'submit', class: 'secondary' }, t('desk.withhold')));
  withhold.addEventListener('submit', (event) => {
    event.preventDefault();
    decide(draft, 'withhold', { reason: reason.value });
  });
  return el('li', { class: 'card' },
    el('article', { 'aria-labelledby': headingId },
      el('h3', { id: headingId }, t('desk.draft', { id: draft.disclosureId })),
      facts([
        [t('board.col.month'), r.monthReceived],
        [t('board.col.merchant'), r.merchant.name],
        [t('board.col.venue'), r.venue?.name],
        [t('board.col.category'), label('category', r.category)],
        [t('board.col.handled'), label('handled', r.howHandled)],
        [t('board.col.outcome'), label('outcome', r.outcome)],
        [t('board.col.timely'), yesNo(r.timely)],
        [t('board.col.days'), String(r.daysToResolve)],
        [t('board.col.rating'), r.consumerRating ? `${r.consumerRating}/5` : null],
        [t('desk.narrative'), r.narrative ? el('blockquote', { class: 'narrative' }, r.narrative) : t('board.noNarrative')],
      ]),
      el('div', { class: 'actions' }, publish),
      withhold));
}

async function decide(draft, action, body) {
  try {
    await api(`/api/regulator/disclosures/${encodeURIComponent(draft.disclosureId)}/${action}`, { method: 'POST', body: body ?? {}, apiKey: key });
    drafts = drafts.filter((d) => d.disclosureId !== draft.disclosureId);
    render();
    fill('desk-status', message('success', t(action === 'publish' ? 'desk.published' : 'desk.withheld', { id: draft.disclosureId })));
  } catch (error) {
    fill('desk-status', message('error', describeError(error)));
  }
}

document.getElementById('more').addEventListener('click', () => {
  cursor = nextCursor;
  load();
});

startPage(render);
auth = requireKey((accepted) => {
  key = accepted;
  load();
});
