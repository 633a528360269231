// One small form for one action on a request (a note, report done, return, more time, refer…):
// a title, its fields, the error in words, submit and cancel; Esc inside it cancels. While it is
// sent its button is busy, so a double press sends once.
import { h, uid, unifyDigitsOnInput } from '../lib/dom.ts';
import { t, type StringKey } from '../i18n/i18n.ts';
import { normalizeDigits } from '../lib/digits.ts';

export interface ActionFormOptions {
  title: StringKey;
  testid: string;
  fields: Array<Node | null>;
  submit: StringKey;
  /** Sends it; resolves to an error to show, or null when done. */
  send: () => Promise<string | null>;
  cancel: () => void;
  danger?: boolean;
}

export function actionForm(o: ActionFormOptions): HTMLFormElement {
  const error = h('p', { class: 'inline-error', testid: 'action-error', attrs: { role: 'alert' } });
  const submit = h('button', {
    class: `btn ${o.danger ? 'btn-danger' : 'btn-primary'}`,
    testid: 'action-submit',
    i18n: o.submit,
    attrs: { type: 'submit' },
  });
  const cancel = h('button', {
    class: 'btn btn-quiet',
    testid: 'action-cancel',
    i18n: 'ofCancel',
    attrs: { type: 'button' },
    on: { click: o.cancel },
  });
  const form = h(
    'form',
    { class: 'of-action-form', testid: o.testid, attrs: { novalidate: true } },
    h('h3', { i18n: o.title }),
    ...o.fields,
    error,
    h('div', { class: 'of-form-actions' }, submit, cancel, h('span', { class: 'hint', i18n: 'ofEscCancels' })),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (submit.disabled) return;
    submit.disabled = true;
    error.textContent = '';
    void o.send().then((message) => {
      submit.disabled = false;
      if (message) error.textContent = message;
    });
  });
  form.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    o.cancel();
  });
  return form;
}

export function textArea(label: StringKey, testid: string, required: boolean, rows = 3): HTMLTextAreaElement {
  return h('textarea', {
    id: uid(testid),
    testid,
    attrs: { rows, required, maxlength: 2000, dir: 'auto', 'aria-label': t(label) },
  });
}

/** A field with its label above, as the desk's form has them. */
export function field(label: StringKey, control: HTMLElement, hint?: string): HTMLElement {
  if (!control.id) control.id = uid('f');
  return h(
    'div',
    { class: 'field' },
    h('label', { i18n: label, attrs: { for: control.id } }),
    control,
    hint ? h('span', { class: 'hint' }, hint) : null,
  );
}

/** A whole number typed in Persian or Latin digits. */
export function numberInput(testid: string, value = ''): HTMLInputElement {
  const input = h('input', {
    id: uid(testid),
    testid,
    class: 'of-number',
    attrs: { type: 'text', inputmode: 'numeric', autocomplete: 'off', dir: 'ltr', value },
  });
  unifyDigitsOnInput(input);
  return input;
}

/** The number typed, or null when it is not a whole number in [min, max]. */
export function readNumber(input: HTMLInputElement, min: number, max: number): number | null {
  const s = normalizeDigits(input.value).trim();
  if (!/^\d{1,6}$/.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
}
