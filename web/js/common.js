// What every page shares: the header (skip link, navigation, language switch), formatting in the language in force,
// small DOM helpers (no innerHTML with data: text is always set as text), and the states every page shows
// (loading, not available, error).

import { ApiError, NetworkError } from './api.js';
import { applyTranslations, label, lang, locale, onLanguageChange, setLang, t } from './i18n.js';

const PUBLIC_NAV = [
  ['index.html', 'nav.board'],
  ['trends.html', 'nav.trends'],
  ['warnings.html', 'nav.warnings'],
  ['file.html', 'nav.file'],
  ['follow.html', 'nav.follow'],
];

const DESK_NAV = [
  ['desk.html', 'nav.desk'],
  ['indicators.html', 'nav.indicators'],
  ['inspection.html', 'nav.inspection'],
];

/**
 * Builds the header and runs render() now and again whenever the language changes (render redraws what it drew:
 * dynamic text comes from t()).
 */
export function startPage(render) {
  buildHeader();
  document.addEventListener('change', (event) => {
    if (event.target instanceof HTMLSelectElement) event.target.dataset.touched = 'true';
  });
  applyTranslations(document);
  onLanguageChange(() => {
    renderHeader();
    Promise.resolve(render?.()).catch(showFatal);
  });
  Promise.resolve(render?.()).catch(showFatal);
}

function buildHeader() {
  const header = document.getElementById('site-header');
  if (!header) return;
  const skip = el('a', { class: 'skip-link', href: '#main', 'data-i18n': 'site.skip' });
  const brand = el('a', { class: 'brand', href: 'index.html', 'data-i18n': 'site.title' });
  const nav = el('nav', { 'data-i18n-attr': 'aria-label:nav.label' });
  const here = location.pathname.split('/').pop() || 'index.html';
  const desk = DESK_NAV.some(([href]) => href === here);
  const list = el('ul');
  for (const [href, key] of [...PUBLIC_NAV, ...DESK_NAV]) {
    const link = el('a', { href, 'data-i18n': key });
    if (href === here || (here === 'merchant.html' && href === 'index.html')) link.setAttribute('aria-current', 'page');
    const item = el('li', {}, link);
    if (DESK_NAV.some(([h]) => h === href)) item.classList.add('desk-link');
    list.append(item);
  }
  nav.append(list);
  const switcher = el('button', { type: 'button', id: 'language-switch', class: 'language-switch' });
  switcher.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
  header.classList.toggle('desk', desk);
  header.append(skip, el('div', { class: 'bar' }, brand, switcher), nav);
  renderHeader();
}

function renderHeader() {
  const switcher = document.getElementById('language-switch');
  if (!switcher) return;
  switcher.textContent = t('lang.switch');
  switcher.setAttribute('lang', lang() === 'zh' ? 'en' : 'zh-CN');
  switcher.setAttribute('aria-label', t('lang.switchLabel'));
}

/** An element with attributes and children (strings become text nodes, never HTML). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') element.textContent = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false || child === '') continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Replaces the children of an element (by id or the element). */
export function fill(target, ...children) {
  const element = typeof target === 'string' ? document.getElementById(target) : target;
  element.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

export function message(kind, text) {
  return el('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function loading() {
  return el('p', { class: 'message loading', role: 'status' }, t('common.loading'));
}

/** The state a page shows for an API route this deployment does not have yet (404 on the route). */
export function unavailable() {
  return el('p', { class: 'message unavailable', role: 'status', 'data-state': 'unavailable' }, t('common.unavailable'));
}

/** The text of an error for a person. */
export function describeError(error) {
  if (error instanceof NetworkError) return t('common.offline');
  if (error instanceof ApiError) {
    const details = Object.entries(error.fieldErrors).map(([field, messages]) => `${field}: ${[].concat(messages).join(' ')}`);
    return t('common.error', { detail: [error.problem.title || error.message, error.problem.detail, ...details].filter(Boolean).join(' — ') });
  }
  return t('common.error', { detail: String(error?.message ?? error) });
}

export function errorMessage(error) {
  return message('error', describeError(error));
}

function showFatal(error) {
  const main = document.getElementById('main');
  main?.prepend(errorMessage(error));
}

// Formatting in the language in force.

export function formatDateTime(value) {
  if (!value) return '';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

export function formatMoney(money) {
  if (!money) return '';
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: money.currency }).format(money.amount);
}

export function formatShare(value) {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

export function formatNumber(value, digits = 1) {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

export function yesNo(value) {
  return t(value ? 'common.yes' : 'common.no');
}

/** A table with a caption, column headers (scope=col) and rows of cells (strings or nodes). */
export function table(caption, headers, rows, options = {}) {
  const head = el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h))));
  const body = el('tbody', {}, rows.map((row) => el('tr', {}, row.map((cell, i) =>
    i === 0 && options.rowHeaders ? el('th', { scope: 'row' }, cell) : el('td', {}, cell)))));
  const element = el('table', { class: options.class ?? '' }, el('caption', {}, caption), head, body);
  return el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption }, element);
}

/** A description list of [term, value] pairs (values empty are left out). */
export function facts(pairs) {
  return el('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}

/**
 * The options of a select: [value, text] pairs, the current value selected, unless the person already chose one
 * (a redraw after a list loaded or the language changed keeps their choice).
 */
export function options(select, pairs, current) {
  const value = select.dataset.touched ? select.value : current;
  fill(select, pairs.map(([v, text]) => el('option', { value: v, selected: String(v) === String(value ?? '') }, text)));
}

/** The reasons of a risk tier in words of the language in force: the factors that weighed, or why it is unrated. */
export function tierReasons(assessment) {
  if (!assessment.rated) {
    return el('ul', {}, el('li', {}, t('factor.unrated', { threshold: assessment.threshold, assessed: assessment.assessed })));
  }
  const weighed = assessment.factors.filter((f) => f.points > 0);
  if (weighed.length === 0) return el('p', {}, t('common.none'));
  return el('ul', {}, weighed.map((f) => el('li', {}, t('factor.line', {
    factor: label('factor', f.factor), count: formatNumber(f.count, 2), outOf: f.outOf,
  }))));
}

export const CATEGORIES = ['goods-quality', 'service-quality', 'false-advertising', 'refund-return', 'delivery', 'pricing',
  'contract-terms', 'personal-information', 'other'];

export const OUTCOMES = ['monetary-relief', 'non-monetary-relief', 'explanation', 'advance-compensated', 'withdrawn', 'mediated',
  'closed-without-relief', 'resolved-in-mediation'];

export { label, t, lang };
