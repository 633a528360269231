// Entry point of the back office (/office.html): the executive units' inbox and the 137 worklist.
// Signed in → the office for this role; nobody → the sign-in form, then on. A session that ends
// while working brings the sign-in form back with the reason.
import { applyDocumentLang, applyI18n, t } from './i18n/i18n.ts';
import { get, setUnauthorizedHandler } from './lib/api.ts';
import { mountLogin } from './login/login-view.ts';
import type { SessionUser as User } from './lib/server-types.ts';
import { mountOffice } from './office/office-view.ts';

const MESSAGE_KEY = 'cti137.loginMessage';

async function currentUser(): Promise<User | null> {
  const r = await get<{ user: User }>('/api/v1/auth/me');
  return r.ok && r.data?.user ? r.data.user : null;
}

function rootEl(): HTMLElement {
  return (
    document.getElementById('app') ??
    document.body.appendChild(Object.assign(document.createElement('div'), { id: 'app' }))
  );
}

/** Start again from a clean page (socket, timers, listeners all gone). */
function restart(message?: string): void {
  try {
    if (message) sessionStorage.setItem(MESSAGE_KEY, message);
  } catch {
    // the message is a nicety
  }
  location.reload();
}

function open(root: HTMLElement, user: User): void {
  let ending = false;
  const checkSession = async () => {
    if (ending) return false;
    if (await currentUser()) return true;
    ending = true;
    restart(t('errSession'));
    return false;
  };
  setUnauthorizedHandler(() => void checkSession());
  mountOffice(root, user, { checkSession, signedOut: () => restart() });
}

async function boot(): Promise<void> {
  applyDocumentLang();
  applyI18n(document.body);
  document.title = t('ofTitle');
  const root = rootEl();
  const user = await currentUser();
  if (user) {
    open(root, user);
    return;
  }
  let message: string | undefined;
  try {
    message = sessionStorage.getItem(MESSAGE_KEY) ?? undefined;
    sessionStorage.removeItem(MESSAGE_KEY);
  } catch {
    message = undefined;
  }
  mountLogin(root, (u) => open(root, u), message);
}

void boot();
