// Entry point of the supervisor's wallboard (/wallboard.html): signed in as a supervisor or an
// admin → the wallboard; the city's manager → the wallboard read only (no actions); an operator →
// their desk; units, viewers and councils → the back office; nobody → the sign-in form, then on.
import { applyDocumentLang, applyI18n, t } from './i18n/i18n.ts';
import { get, setUnauthorizedHandler } from './lib/api.ts';
import { homePage, mayWatchWallboard } from './lib/home.ts';
import { mountLogin } from './login/login-view.ts';
import type { SessionUser as User } from './lib/server-types.ts';
import { mountWallboard } from './wallboard/wallboard-view.ts';

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

function open(root: HTMLElement, user: User): void {
  if (!mayWatchWallboard(user.role)) {
    location.replace(homePage(user.role));
    return;
  }
  let ending = false;
  const checkSession = async () => {
    if (ending) return false;
    if (await currentUser()) return true;
    ending = true;
    location.reload();
    return false;
  };
  setUnauthorizedHandler(() => void checkSession());
  mountWallboard(root, { user, checkSession, signedOut: () => location.reload() });
}

async function boot(): Promise<void> {
  applyDocumentLang();
  applyI18n(document.body);
  document.title = t('wbTitle');
  const root = rootEl();
  const user = await currentUser();
  if (user) open(root, user);
  else mountLogin(root, (u) => open(root, u));
}

void boot();
