// The sign-in page. Errors say what to do next; the server's own message is shown only for
// errors the table has no words for.
import { h } from '../lib/dom.ts';
import { t, getLang, setLang } from '../i18n/i18n.ts';
import { post } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import type { SessionUser as User } from '../lib/server-types.ts';

interface LoginEls {
  form: HTMLFormElement;
  username: HTMLInputElement;
  password: HTMLInputElement;
  error: HTMLElement;
  submit: HTMLButtonElement;
}

/** The form; `message` is why the user is here again (the session ended), shown as its error. */
function buildLoginForm(message?: string): LoginEls {
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
  return { form, username, password, error, submit };
}

type ErrorKey = 'loginInvalid' | 'loginMissing';

/**
 * Signs in with what was typed. An error of ours is also told by its key (`shown`), so that a
 * language switch can reword it; null for one worded from the server's answer.
 */
async function signIn(
  els: LoginEls,
  onSignedIn: (user: User) => void,
  shown: (key: ErrorKey | null) => void,
): Promise<void> {
  const { username, password, error, submit } = els;
  const u = username.value.trim();
  if (!u || !password.value) {
    shown('loginMissing');
    error.textContent = t('loginMissing');
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
    shown('loginInvalid');
    error.textContent = t('loginInvalid');
    password.value = '';
    password.focus();
    return;
  }
  shown(null);
  error.textContent = r.ok
    ? t('loginFailed', { message: '—' })
    : t('loginFailed', { message: errorText(r.status, r.error) });
}

export function mountLogin(root: HTMLElement, onSignedIn: (user: User) => void, message?: string): void {
  const els = buildLoginForm(message);
  let errorKey: ErrorKey | null = null;

  const langBtn = h('button', {
    class: 'btn btn-quiet lang',
    testid: 'lang-switch',
    i18n: 'langSwitch',
    attrs: { type: 'button' },
    on: {
      click: () => {
        setLang(getLang() === 'fa' ? 'en' : 'fa');
        if (errorKey) els.error.textContent = t(errorKey);
      },
    },
  });
  langBtn.setAttribute('data-i18n-aria-label', 'langSwitchLabel');

  els.form.addEventListener('submit', async (e) => {
    e.preventDefault();
    await signIn(els, onSignedIn, (key) => {
      errorKey = key;
    });
  });

  root.replaceChildren(
    h(
      'div',
      { class: 'login-page' },
      h('div', { class: 'login-top' }, langBtn),
      h('main', { class: 'login-main' }, els.form),
    ),
  );
  els.username.focus();
}
