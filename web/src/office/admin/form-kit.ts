// The admin forms' parts: a labelled field, text and number inputs that take Persian or Latin
// digits, selects, checkboxes, an error line, a two-step button for what cannot be undone, and
// the refusal texts of the admin routes in the interface language.
import { d, t, type StringKey } from '../../i18n/i18n.ts';
import type { ApiError } from '../../lib/api.ts';
import { normalizeDigits } from '../../lib/digits.ts';
import { h, uid, unifyDigitsOnInput } from '../../lib/dom.ts';
import { errorText } from '../../lib/error-text.ts';

/** A label for a control without a visible one, kept in the interface language (applyI18n). */
export const ariaLabel = (key: StringKey) => ({ 'aria-label': t(key), 'data-i18n-aria-label': key });

/** A search box over a list; its placeholder and label follow the language. */
export function searchBox(key: StringKey, testid?: string): HTMLInputElement {
  return h('input', {
    class: 'ad-search',
    testid,
    attrs: { type: 'search', ...ariaLabel(key), placeholder: t(key), 'data-i18n-placeholder': key },
  });
}

export function field(label: StringKey, control: HTMLElement, hint?: StringKey): HTMLElement {
  const id = control.id || uid('ad-f');
  control.id = id;
  const wrap = h('div', { class: 'field ad-field' }, h('label', { i18n: label, attrs: { for: id } }), control);
  if (hint) {
    const hintEl = h('span', { class: 'hint', i18n: hint, id: `${id}-hint` });
    control.setAttribute('aria-describedby', hintEl.id);
    wrap.append(hintEl);
  }
  return wrap;
}

export function textInput(value = '', opts: { ltr?: boolean; name?: string; type?: string; max?: number } = {}) {
  const input = h('input', {
    attrs: {
      type: opts.type ?? 'text',
      name: opts.name,
      maxlength: opts.max ?? 200,
      dir: opts.ltr ? 'ltr' : null,
      autocomplete: 'off',
      spellcheck: 'false',
    },
  });
  input.value = value;
  return input;
}

/** A whole number typed in Persian or Latin digits (shown in the interface's digits). */
export function numberInput(value: number | null, name?: string): HTMLInputElement {
  const input = h('input', { class: 'ad-num', attrs: { type: 'text', inputmode: 'numeric', name, dir: 'ltr' } });
  input.value = value == null ? '' : d(value);
  unifyDigitsOnInput(input);
  return input;
}

/** The number in a field, or null when empty or not a whole number. */
export function readInt(input: HTMLInputElement): number | null {
  const s = normalizeDigits(input.value).trim();
  return /^-?\d{1,9}$/.test(s) ? Number(s) : null;
}

/** Latin digits of a typed code or time ("۱۰۰۵" → "1005"). */
export const latin = (input: HTMLInputElement) => normalizeDigits(input.value).trim();

export function selectOf(options: Array<[value: string, label: string]>, value: string, name?: string) {
  const sel = h(
    'select',
    { attrs: { name } },
    ...options.map(([v, label]) => h('option', { attrs: { value: v } }, label)),
  );
  sel.value = value;
  return sel;
}

export function checkbox(
  label: StringKey,
  checked: boolean,
  name?: string,
): { el: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { attrs: { type: 'checkbox', name } });
  input.checked = checked;
  const el = h('label', { class: 'ad-check' }, input, h('span', { i18n: label }));
  return { el, input };
}

/** Esc in a form closes it (and goes no further: the page's own Esc is not for it). */
export function closeOnEscape(el: HTMLElement, close: () => void): void {
  el.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    close();
  });
}

export function formError(): HTMLElement {
  return h('p', { class: 'form-error', attrs: { role: 'alert' } });
}

/**
 * A button that asks once more before acting (disable a user, delete a template): the first
 * press turns it into "press again to confirm" for a few seconds. Works from the keyboard alike.
 */
export function confirmButton(label: StringKey, confirm: StringKey, act: () => void, cls = 'btn btn-small btn-quiet') {
  const btn = h('button', { class: cls, i18n: label, attrs: { type: 'button' } });
  let timer: ReturnType<typeof setTimeout> | null = null;
  const reset = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    btn.textContent = t(label);
    btn.removeAttribute('data-confirm');
  };
  btn.addEventListener('click', () => {
    if (timer) {
      reset();
      act();
      return;
    }
    btn.textContent = t(confirm);
    btn.setAttribute('data-confirm', '');
    timer = setTimeout(reset, 4000);
  });
  btn.addEventListener('blur', () => setTimeout(reset, 200));
  return btn;
}

const BY_CODE: Readonly<Record<string, StringKey>> = {
  USERNAME_TAKEN: 'adErrUsernameTaken',
  EXTENSION_TAKEN: 'adErrExtensionTaken',
  SUPERVISOR_PHONE: 'adErrSupervisorPhone',
  UNKNOWN_SERVER: 'adErrUnknownServer',
  UNKNOWN_UNIT: 'adErrUnknownUnit',
  EXTENSION_REQUIRED: 'adErrExtensionRequired',
  UNITS_REQUIRED: 'adErrUnitsRequired',
  UNKNOWN_NEIGHBOURHOOD: 'adErrUnknownNeighbourhood',
  NEIGHBOURHOODS_REQUIRED: 'adErrNeighbourhoodsRequired',
  SELF_LOCKOUT: 'adErrSelfLockout',
  CATEGORY_CODE_TAKEN: 'adErrCodeTaken',
  CATEGORY_TOO_DEEP: 'adErrTooDeep',
  HOTKEY_TAKEN: 'adErrHotkeyTaken',
  UNKNOWN_CATEGORY: 'adErrUnknownCategory',
  UNIT_CODE_TAKEN: 'adErrCodeTaken',
  UNIT_CYCLE: 'adErrUnitCycle',
  ALREADY_INACTIVE: 'adErrAlreadyInactive',
};

const BY_FIELD: Readonly<Record<string, StringKey>> = {
  username: 'adErrUsername',
  password: 'adErrPassword',
  email: 'adErrEmail',
  extension: 'adErrExtension',
  displayName: 'adErrName',
  nameFa: 'adErrName',
  nameEn: 'adErrName',
  code: 'adErrCode',
  deadlineHours: 'adErrHours',
  escalateAfterHours: 'adErrEscalate',
  workStart: 'adErrTime',
  workEnd: 'adErrTime',
  workDays: 'adErrWorkDays',
  textFa: 'adErrTemplateText',
  textEn: 'adErrTemplateText',
  minutes: 'adErrMinutes',
  prompt: 'adErrPrompt',
  validDigits: 'adErrValidDigits',
  minValue: 'adErrRange',
  maxValue: 'adErrRange',
};

/** A refusal of an admin route in the interface language, naming the field or the holder when known. */
export function adminErrorText(status: number, error: ApiError): string {
  const details = (error.details ?? {}) as { username?: string; fields?: Array<{ field?: string }> };
  if (error.code === 'VALIDATION') {
    const key = (details.fields ?? []).map((f) => BY_FIELD[f.field ?? '']).find(Boolean);
    if (key) return t(key);
  }
  const key = BY_CODE[error.code];
  if (key) return t(key, { who: details.username ?? '—' });
  return errorText(status, error);
}
