// The wallboard's header: what this is, the shift and the centre's clock (Jalali, Tehran), the
// connection, and the switches: the pages (places for admins only), TV mode, the desk, the
// language, sign out.
import { h } from '../lib/dom.ts';
import { t, getLang, setLang } from '../i18n/i18n.ts';
import { formatJalaliLong } from '../lib/jalali.ts';
import { serverNow } from './clock.ts';
import { shiftLabel } from './format.ts';
import type { WallboardStore } from './store.ts';

export type WallboardPage = 'live' | 'scores' | 'places';

export interface HeaderActions {
  toggleTv: () => void;
  isTv: () => boolean;
  signOut: () => void;
  /** Which page is shown: the live picture or everyone's scores. */
  page: () => WallboardPage;
  setPage: (p: WallboardPage) => void;
}

interface Switches {
  tv: HTMLButtonElement;
  lang: HTMLButtonElement;
  pageSwitch: HTMLButtonElement;
  placesSwitch: HTMLButtonElement | null;
}

/** The switches whose words follow the state: TV mode, the pages, the language. */
function buildSwitches(user: { role?: string }, actions: HeaderActions): Switches {
  const tv = h('button', {
    class: 'btn btn-quiet',
    testid: 'wb-tv-toggle',
    attrs: { type: 'button' },
    on: { click: actions.toggleTv },
  });
  const lang = h('button', {
    class: 'btn btn-quiet lang',
    testid: 'lang-switch',
    i18n: 'langSwitch',
    attrs: { type: 'button' },
    on: { click: () => setLang(getLang() === 'fa' ? 'en' : 'fa') },
  });
  lang.setAttribute('data-i18n-aria-label', 'langSwitchLabel');
  // One switch between the two pages (like TV mode's): it names the page it opens.
  const pageSwitch = h('button', {
    class: 'btn btn-quiet',
    testid: 'wb-page-switch',
    attrs: { type: 'button' },
    on: { click: () => actions.setPage(actions.page() === 'scores' ? 'live' : 'scores') },
  });
  // Only admins may change the city's places (the API refuses everyone else), so only they see it.
  const placesSwitch =
    user.role === 'admin'
      ? h('button', {
          class: 'btn btn-quiet',
          testid: 'wb-places-switch',
          attrs: { type: 'button' },
          on: { click: () => actions.setPage(actions.page() === 'places' ? 'live' : 'places') },
        })
      : null;
  return { tv, lang, pageSwitch, placesSwitch };
}

/** The switches name what they open: TV on or off, the live picture or the other page. */
function drawSwitches(sw: Switches, actions: HeaderActions): void {
  const tvOn = actions.isTv();
  sw.tv.textContent = t(tvOn ? 'wbTvExit' : 'wbTv');
  sw.tv.setAttribute('aria-pressed', String(tvOn));
  const page = actions.page();
  sw.pageSwitch.textContent = t(page === 'scores' ? 'wbTabLive' : 'wbTabScores');
  sw.pageSwitch.dataset['page'] = page;
  sw.pageSwitch.hidden = tvOn;
  if (sw.placesSwitch) {
    sw.placesSwitch.textContent = t(page === 'places' ? 'wbTabLive' : 'wbTabPlaces');
    sw.placesSwitch.setAttribute('aria-pressed', String(page === 'places'));
    sw.placesSwitch.hidden = tvOn;
  }
}

export function buildHeader(
  store: WallboardStore,
  user: { displayName: string; role?: string },
  actions: HeaderActions,
): { el: HTMLElement; render: () => void } {
  const shift = h('span', { class: 'wb-shift', testid: 'wb-shift' });
  const clock = h('span', { class: 'wb-clock', testid: 'wb-clock' });
  const conn = h('span', { class: 'conn', testid: 'connection', attrs: { role: 'status' } });
  const sw = buildSwitches(user, actions);
  const el = h(
    'header',
    { class: 'wb-header' },
    h(
      'div',
      { class: 'brand' },
      h('span', { class: 'brand-mark', i18n: 'brandMark' }),
      h('h1', { class: 'wb-title', i18n: 'wbBrand' }),
    ),
    shift,
    clock,
    h(
      'div',
      { class: 'header-end' },
      conn,
      h('span', { class: 'wb-user muted' }, user.displayName),
      sw.pageSwitch,
      sw.placesSwitch,
      sw.tv,
      // A manager never opens the desk (it is the 137 centre's phone screen).
      user.role === 'manager'
        ? null
        : h('a', {
            class: 'btn btn-quiet wb-desk-link',
            testid: 'wb-desk-link',
            i18n: 'wbDesk',
            attrs: { href: '/?desk=1' },
          }),
      h('a', {
        class: 'btn btn-quiet',
        testid: 'wb-office-link',
        i18n: 'ofOfficeLink',
        attrs: { href: '/office.html' },
      }),
      sw.lang,
      h('button', {
        class: 'btn btn-quiet',
        testid: 'btn-signout',
        i18n: 'btnSignOut',
        attrs: { type: 'button' },
        on: { click: actions.signOut },
      }),
    ),
  );

  return {
    el,
    render() {
      const p = store.picture;
      shift.textContent = p ? shiftLabel(p.shift.name) : '';
      clock.textContent = formatJalaliLong(new Date(serverNow()).toISOString(), getLang());
      conn.dataset['conn'] = store.connection;
      conn.textContent = t(
        store.connection === 'online' ? 'connOnline' : store.connection === 'offline' ? 'connLost' : 'connConnecting',
      );
      drawSwitches(sw, actions);
    },
  };
}
