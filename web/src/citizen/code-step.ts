// Typing the code sent by SMS: six digits in Persian or Latin, the action(s) it confirms, a resend.
import { digitsOnly } from '../lib/digits.ts';
import { call, errorText } from './api.ts';
import { h, tx } from './dom.ts';
import { localDigitsField, t, type CitizenKey } from './i18n.ts';

export interface CodeAction {
  key: CitizenKey;
  /** Sent with the code (e.g. the feedback answer). */
  extra?: Record<string, unknown>;
  cls?: string;
}

export function codeStep<T>(o: {
  challengeId: string;
  message: CitizenKey;
  actions: CodeAction[];
  onDone: (data: T) => void;
}) {
  const input = localDigitsField(
    h('input', {
      id: 'otp-code',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      dir: 'ltr',
      maxlength: '12',
      class: 'code-input',
    }),
  );
  const error = h('p', { class: 'error', role: 'alert' });
  const info = h('p', { class: 'muted', 'aria-live': 'polite' });
  const resend = tx('button', 'resend', { type: 'button', class: 'link' });
  const buttons = o.actions.map((a) => {
    const b = tx('button', a.key, { type: 'button', class: a.cls ?? 'primary', 'data-action': a.key });
    b.addEventListener('click', () => void confirm(a, b));
    return b;
  });
  const el = h(
    'section',
    { class: 'code-step card' },
    tx('p', o.message),
    h('div', { class: 'field' }, tx('label', 'code', { for: 'otp-code' }), input),
    h('div', { class: 'actions' }, ...buttons),
    error,
    info,
    resend,
  );

  async function confirm(a: CodeAction, b: HTMLButtonElement): Promise<void> {
    const code = digitsOnly(input.value);
    error.textContent = '';
    if (code.length !== 6) {
      error.textContent = t('required', { what: t('code') });
      return input.focus();
    }
    for (const x of buttons) x.disabled = true;
    const r = await call<T>('POST', `/challenges/${o.challengeId}/confirm`, { code, ...a.extra });
    for (const x of buttons) x.disabled = false;
    if (r.ok) return o.onDone(r.data);
    error.textContent = errorText(r.error);
    b.focus();
  }

  resend.addEventListener('click', async () => {
    error.textContent = '';
    const r = await call('POST', `/challenges/${o.challengeId}/resend`);
    if (r.ok) {
      info.textContent = t('resent');
      input.value = '';
      input.focus();
    } else error.textContent = errorText(r.error);
  });
  queueMicrotask(() => input.focus());
  return el;
}
