// The regulator's key for the desk pages: asked once, checked against the API (a regulator-only route), kept in
// sessionStorage (this tab only, gone when it closes) and sent as X-Api-Key. A refused key is not kept.

import { ApiError, api } from './api.js';
import { describeError, el, fill, message, t } from './common.js';

const STORAGE_KEY = 'complaints.regulatorKey';

export function regulatorKey() {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function signOut() {
  sessionStorage.removeItem(STORAGE_KEY);
  location.reload();
}

/** True when the API refuses the key as a regulator's (401 unknown key, 403 a key of another party). */
export function refused(error) {
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}

/**
 * Renders the sign-in form into the element with id "login" when no key is kept, and calls onSignedIn() once a key is
 * accepted (or at once when one is kept). The sign-out button goes into the element with id "session".
 */
export function requireKey(onSignedIn) {
  const login = document.getElementById('login');
  const session = document.getElementById('session');
  const drawSession = () => {
    const out = el('button', { type: 'button', class: 'secondary', id: 'sign-out' }, t('desk.signOut'));
    out.addEventListener('click', signOut);
    fill(session, out);
  };
  const drawLogin = (problem) => {
    const input = el('input', { id: 'api-key', type: 'password', autocomplete: 'off', required: true, 'aria-describedby': 'api-key-hint api-key-error' });
    const form = el('form', { class: 'login' },
      el('h2', {}, t('desk.login')),
      el('div', { class: 'field' },
        el('label', { for: 'api-key' }, t('desk.key')), input,
        el('p', { class: 'hint', id: 'api-key-hint' }, t('desk.keyHint')),
        el('p', { class: 'field-error', id: 'api-key-error', role: 'alert' }, problem ?? '')),
      el('button', { type: 'submit' }, t('desk.signIn')));
    if (problem) input.setAttribute('aria-invalid', 'true');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const key = input.value.trim();
      try {
        await api('/api/regulator/disclosures?status=draft', { apiKey: key });
        sessionStorage.setItem(STORAGE_KEY, key);
        fill(login);
        drawSession();
        fill(session, session.firstChild, message('success', t('desk.signedIn')));
        onSignedIn(key);
      } catch (error) {
        drawLogin(refused(error) ? t('desk.refused') : describeError(error));
        document.getElementById('api-key').focus();
      }
    });
    fill(login, form);
  };
  const key = regulatorKey();
  if (key) {
    drawSession();
    onSignedIn(key);
  } else {
    drawLogin();
  }
  return { redraw: () => (regulatorKey() ? drawSession() : drawLogin()) };
}
