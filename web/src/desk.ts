// Entry point: signed in → the desk, otherwise the login page. One bundle for both, so that a
// session that ends mid-shift brings the login back without leaving the page (the form's draft
// stays in sessionStorage and comes back after signing in again).
import { applyDocumentLang, applyI18n, t } from './i18n/i18n.ts';
import { get, setUnauthorizedHandler } from './lib/api.ts';
import { homePage, mayOpenDesk } from './lib/home.ts';
import { mountLogin } from './login/login-view.ts';
import { mountDesk } from './desk/desk-view.ts';
import type { User } from './desk/types.ts';

const MESSAGE_KEY = 'cti137.loginMessage';

function rootEl(): HTMLElement {
  const el = document.getElementById('app');
  if (el) return el;
  const created = document.createElement('div');
  created.id = 'app';
  document.body.append(created);
  return created;
}

async function currentUser(): Promise<User | null> {
  const r = await get<{ user: User }>('/api/v1/auth/me');
  return r.ok && r.data?.user ? r.data.user : null;
}

/** Start again from a clean page (sockets, timers, listeners all gone). */
function restart(message?: string): void {
  try {
    if (message) sessionStorage.setItem(MESSAGE_KEY, message);
  } catch {
    // the message is a nicety
  }
  location.reload();
}

async function boot(): Promise<void> {
  applyDocumentLang();
  applyI18n(document.body);
  const root = rootEl();
  let ending = false;
  const checkSession = async () => {
    if (ending) return false;
    const user = await currentUser();
    if (user) return true;
    ending = true;
    restart(t('errSession'));
    return false;
  };
  const showDesk = (user: User) => {
    // Supervisors and admins run the shift from the wallboard, units work in the back office;
    // /?desk=1 still opens the desk for 137 staff.
    const home = homePage(user.role);
    const deskAsked = mayOpenDesk(user.role) && new URLSearchParams(location.search).has('desk');
    if (home !== '/' && !deskAsked) {
      location.replace(home);
      return;
    }
    setUnauthorizedHandler(() => void checkSession());
    mountDesk(root, user, { checkSession, signedOut: () => restart() });
  };
  const user = await currentUser();
  if (user) {
    showDesk(user);
    return;
  }
  let message: string | undefined;
  try {
    message = sessionStorage.getItem(MESSAGE_KEY) ?? undefined;
    sessionStorage.removeItem(MESSAGE_KEY);
  } catch {
    message = undefined;
  }
  mountLogin(root, showDesk, message);
}

void boot();
