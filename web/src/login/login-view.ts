// The sign-in page. Errors say what to do next; the server's own message is shown only for
// errors the table has no words for.
import { h } from '../lib/dom.ts';
import { t, getLang, setLang } from '../i18n/i18n.ts';
import { post } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import type { User } from '../desk/types.ts';

export function mountLogin(root: HTMLElement, onSignedIn: (user: User) => void, message?: string): void {
  const username = h('input', {
    id: 'login-username',
    testid: 'login-username',
    attrs: {
      type: 'text',
      autocomplete: 'username',
      required: true,
      dir: 'ltr',
      autocapitalize: 'none',
      spellcheck: 'false',
    },
  });
  const password = h('input', {
    id: 'login-password',
    testid: 'login-password',
    attrs: { type: 'password', autocomplete: 'current-password', required: true, dir: 'ltr' },
  });
  const error = h('p', { class: 'form-error', testid: 'login-error', attrs: { role: 'alert' } }, message ?? '');
  const submit = h('button', {
    class: 'btn btn-primary btn-wide',
    testid: 'login-submit',
    i18n: 'loginSubmit',
    attrs: { type: 'submit' },
  });
  let errorKey: 'loginInvalid' | 'loginMissing' | null = null;

  const form = h(
    'form',
    { class: 'login-form', attrs: { novalidate: true, 'aria-labelledby': 'login-title' } },
    h(
      'div',
      { class: 'login-brand' },
      h('span', { class: 'brand-mark', i18n: 'brandMark' }),
      h('span', { i18n: 'appSubtitle' }),
    ),
    h('h1', { id: 'login-title', i18n: 'loginTitle' }),
    h('div', { class: 'field' }, h('label', { i18n: 'loginUsername', attrs: { for: 'login-username' } }), username),
    h('div', { class: 'field' }, h('label', { i18n: 'loginPassword', attrs: { for: 'login-password' } }), password),
    error,
    submit,
  );

  const langBtn = h('button', {
    class: 'btn btn-quiet lang',
    testid: 'lang-switch',
    i18n: 'langSwitch',
    attrs: { type: 'button' },
    on: {
      click: () => {
        setLang(getLang() === 'fa' ? 'en' : 'fa');
        if (errorKey) error.textContent = t(errorKey);
      },
    },
  });
  langBtn.setAttribute('data-i18n-aria-label', 'langSwitchLabel');

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const u = username.value.trim();
    if (!u || !password.value) {
      errorKey = 'loginMissing';
      error.textContent = t(errorKey);
      (u ? password : username).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('loginBusy');
    const r = await post<{ user: User }>('/api/v1/auth/login', { username: u, password: password.value });
    submit.disabled = false;
    submit.textContent = t('loginSubmit');
    if (r.ok && r.data?.user) {
      onSignedIn(r.data.user);
      return;
    }
    if (!r.ok && (r.status === 401 || r.error.code === 'INVALID_CREDENTIALS')) {
      errorKey = 'loginInvalid';
      error.textContent = t(errorKey);
      password.value = '';
      password.focus();
    } else {
      errorKey = null;
      error.textContent = r.ok
        ? t('loginFailed', { message: '—' })
        : t('loginFailed', { message: errorText(r.status, r.error) });
    }
  });

  root.replaceChildren(
    h(
      'div',
      { class: 'login-page' },
      h('div', { class: 'login-top' }, langBtn),
      h('main', { class: 'login-main' }, form),
    ),
  );
  username.focus();
}
