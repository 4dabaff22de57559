// The API's field errors (problem+json "errors", keyed by the field's JSON path) shown at their fields: the text
// under the field, aria-invalid on it, and a summary at the top linking to each (focused, so a screen reader reads it).

import { el, fill, t } from './common.js';

/** "consumer.phone" or "$.consumer.phone" -> "consumer-phone" (the id of the field's input). */
export function fieldId(path) {
  return path.replace(/^\$\.?/, '').replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-');
}

export function clearErrors(form, summary) {
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  for (const text of form.querySelectorAll('.field-error')) text.textContent = '';
  fill(summary);
}

/** Shows each error at its field; errors of no field on the page (body, a whole object) only in the summary. */
export function showErrors(form, summary, errors, fallback) {
  clearErrors(form, summary);
  const items = [];
  for (const [path, messages] of Object.entries(errors)) {
    const text = [].concat(messages).join(' ');
    let id = fieldId(path);
    // A rule across fields ("give a phone or an e-mail") may name the object: show it at its first field.
    if (!document.getElementById(id)) id = form.querySelector(`[id^="${CSS.escape(id)}-"]`)?.id ?? id;
    const input = document.getElementById(id);
    const slot = document.getElementById(`err-${id}`);
    if (input && slot) {
      input.setAttribute('aria-invalid', 'true');
      slot.textContent = t('common.fieldError', { message: text });
      items.push(el('li', {}, el('a', { href: `#${id}` }, `${labelOf(input) || path}: ${text}`)));
    } else {
      items.push(el('li', {}, `${path}: ${text}`));
    }
  }
  if (items.length === 0 && fallback) items.push(el('li', {}, fallback));
  fill(summary, el('div', { class: 'error-summary', role: 'alert' }, el('p', {}, t('common.errorSummary')), el('ul', {}, items)));
  summary.focus();
}

function labelOf(input) {
  return input.labels?.[0]?.textContent?.trim();
}
