// The back office's header: what this is, the pages this role has, who is signed in (and for which
// units), the live connection, the bell, the other apps of the centre, language and sign out.
import { h } from '../lib/dom.ts';
import { mayWatchWallboard } from '../lib/home.ts';
import { getLang, onLangChange, setLang, t, type StringKey } from '../i18n/i18n.ts';
import type { Bell } from './bell.ts';
import type { Connection } from './socket-client.ts';
import type { Role, User } from './types.ts';

export type Page = 'inbox' | 'worklist' | 'extensions' | 'handover' | 'analytics' | 'admin';

const PAGE_LABELS: Record<Page, StringKey> = {
  inbox: 'ofTabInbox',
  worklist: 'ofTabWorklist',
  extensions: 'ofTabExtensions',
  handover: 'ofTabHandover',
  analytics: 'ofTabAnalytics',
  admin: 'ofTabAdmin',
};

export const isUnitRole = (role: Role) => role === 'unit' || role === 'unit-manager';

/** A council member has no bell: nothing is ever sent to them (GET /notifications refuses them). */
export const hasBell = (role: Role) => role !== 'council';

/** The pages a role has, the first being its home. */
export function pagesOf(role: Role): Page[] {
  if (isUnitRole(role)) return ['inbox'];
  if (role === 'admin') return ['worklist', 'extensions', 'handover', 'analytics', 'admin'];
  if (role === 'supervisor') return ['worklist', 'extensions', 'handover', 'analytics'];
  if (role === 'viewer') return ['worklist', 'handover', 'analytics'];
  // The city's manager reads what a viewer reads (request pages without actions); a council its
  // neighbourhoods' list and figures.
  if (role === 'manager') return ['worklist', 'handover', 'analytics'];
  if (role === 'council') return ['analytics', 'worklist'];
  return ['worklist'];
}

const ROLE_LABELS: Record<Role, StringKey> = {
  operator: 'ofRoleOperator',
  supervisor: 'ofRoleSupervisor',
  admin: 'ofRoleAdmin',
  viewer: 'ofRoleViewer',
  unit: 'ofRoleUnit',
  'unit-manager': 'ofRoleUnitManager',
  manager: 'ofRoleManager',
  council: 'ofRoleCouncil',
};

export interface OfficeHeader {
  el: HTMLElement;
  setPage: (p: Page | null) => void;
  setConnection: (c: Connection) => void;
  /** The units the user works for, once their names are known (asked again on a language change). */
  setUnits: (names: () => string[]) => void;
}

/** Links to the centre's other screens this role may open. */
function appLinks(role: Role): HTMLElement[] {
  const links: HTMLElement[] = [];
  if (role === 'operator' || role === 'supervisor' || role === 'admin')
    links.push(
      h('a', {
        class: 'btn btn-quiet',
        testid: 'of-desk-link',
        i18n: 'wbDesk',
        attrs: { href: role === 'operator' ? '/' : '/?desk=1' },
      }),
    );
  // The city's manager watches the wallboard too (read only: the server refuses their actions).
  if (mayWatchWallboard(role))
    links.push(
      h('a', {
        class: 'btn btn-quiet',
        testid: 'of-wallboard-link',
        i18n: 'wbBrand',
        attrs: { href: '/wallboard.html' },
      }),
    );
  return links;
}

function langAndSignOut(signOut: () => void): HTMLElement[] {
  const lang = h('button', {
    class: 'btn btn-quiet lang',
    testid: 'lang-switch',
    i18n: 'langSwitch',
    attrs: { type: 'button', 'data-i18n-aria-label': 'langSwitchLabel', 'aria-label': t('langSwitchLabel') },
    on: { click: () => setLang(getLang() === 'fa' ? 'en' : 'fa') },
  });
  const out = h('button', {
    class: 'btn btn-quiet',
    testid: 'btn-signout',
    i18n: 'btnSignOut',
    attrs: { type: 'button' },
    on: { click: signOut },
  });
  return [lang, out];
}

export function buildOfficeHeader(user: User, bell: Bell, signOut: () => void): OfficeHeader {
  const tabs = pagesOf(user.role).map((p) =>
    h('a', { class: 'of-tab', testid: `tab-${p}`, i18n: PAGE_LABELS[p], attrs: { href: `#/${p}`, 'data-page': p } }),
  );
  const units = h('span', { class: 'who-ext', testid: 'of-units' });
  const role = h('span', { class: 'who-ext', i18n: ROLE_LABELS[user.role] });
  const conn = h('span', { class: 'conn', testid: 'connection', attrs: { role: 'status' } });
  let connection: Connection = 'connecting';
  let unitNames: () => string[] = () => [];
  const drawUnits = () => {
    const names = unitNames();
    units.textContent = names.length ? ` · ${names.join(getLang() === 'fa' ? '، ' : ', ')}` : '';
    units.title = names.join('\n');
  };
  const drawConn = () => {
    conn.dataset['conn'] = connection;
    conn.textContent = t(
      connection === 'online' ? 'connOnline' : connection === 'offline' ? 'connLost' : 'connConnecting',
    );
  };
  const el = h(
    'header',
    { class: 'desk-header of-header' },
    h(
      'div',
      { class: 'brand' },
      h('span', { class: 'brand-mark', i18n: 'brandMark' }),
      h('h1', { class: 'of-title', i18n: 'ofBrand' }),
    ),
    h(
      'nav',
      { class: 'of-tabs', attrs: { 'aria-label': t('ofTabsLabel'), 'data-i18n-aria-label': 'ofTabsLabel' } },
      ...tabs,
    ),
    h(
      'div',
      { class: 'who' },
      h('span', { class: 'who-name', testid: 'operator-name', text: user.displayName }),
      h('span', { class: 'of-who-line' }, role, units),
    ),
    h(
      'div',
      { class: 'header-end' },
      conn,
      hasBell(user.role) ? bell.el : null,
      ...appLinks(user.role),
      ...langAndSignOut(signOut),
    ),
  );
  onLangChange(() => {
    drawConn();
    drawUnits();
  });
  drawConn();
  return {
    el,
    setPage(p) {
      for (const tab of tabs) {
        if (tab.dataset['page'] === p) tab.setAttribute('aria-current', 'page');
        else tab.removeAttribute('aria-current');
      }
    },
    setConnection(c) {
      connection = c;
      drawConn();
    },
    setUnits(names) {
      unitNames = names;
      drawUnits();
    },
  };
}
