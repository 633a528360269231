// The back office page: header, the page of the address (#/inbox, #/worklist, #/extensions,
// #/handover, #/analytics, #/admin, #/request/<id>), the keys legend; the /office socket feeds the bell and the pages.
// List pages are kept while a request is open, so Esc comes back to the same place in the list.
import { h, replace } from '../lib/dom.ts';
import { onLangChange, t } from '../i18n/i18n.ts';
import { post } from '../lib/api.ts';
import { noticeRegion } from '../lib/notice.ts';
import { buildBell, type Bell } from './bell.ts';
import { buildOfficeHeader, hasBell, isUnitRole, pagesOf, type OfficeHeader, type Page } from './header.ts';
import { buildInboxView } from './inbox-view.ts';
import { buildRequestPage } from './request-page.ts';
import { buildWorklistView } from './worklist-view.ts';
import { buildExtensionsView } from './extensions-view.ts';
import { buildAdminTab } from './admin-tab.ts';
import { buildHandoverView } from './handover-view.ts';
import { buildAnalyticsView } from './analytics/analytics-view.ts';
import { nameIn } from './format.ts';
import { reference, unitById } from './reference.ts';
import { connectOffice } from './socket-client.ts';
import { isTyping, type OfficeContext, type View } from './view.ts';
import type { User } from './types.ts';

export interface OfficeOptions {
  checkSession: () => Promise<boolean>;
  signedOut: () => void;
}

type Route = { page: Page } | { request: string };

function parseRoute(hash: string, pages: Page[]): Route {
  const m = /^#\/request\/(\d{1,18})$/.exec(hash);
  if (m) return { request: m[1]! };
  const page = /^#\/([a-z]+)/.exec(hash)?.[1] as Page | undefined;
  return { page: page && pages.includes(page) ? page : pages[0]! };
}

/** The keys legend: the page's keys, then B for the bell where the header has one. */
function buildLegend(withBell: boolean): { el: HTMLElement; draw: (v: View | null) => void } {
  const list = h('ul', {});
  const el = h(
    'footer',
    { class: 'legend', testid: 'legend', attrs: { 'aria-label': t('keysTitle') } },
    h('strong', { class: 'legend-title', i18n: 'keysTitle' }),
    list,
  );
  const draw = (v: View | null) => {
    const entries = [...(v?.legend() ?? []), ...(withBell ? [['B', 'ofKeyBell'] as const] : [])];
    replace(list, ...entries.map(([k, label]) => h('li', {}, h('kbd', {}, k), ' ', t(label))));
  };
  return { el, draw };
}

function pageView(page: Page, ctx: OfficeContext): View {
  if (page === 'inbox') return buildInboxView(ctx);
  if (page === 'worklist') return buildWorklistView(ctx);
  if (page === 'extensions') return buildExtensionsView(ctx);
  if (page === 'handover') return buildHandoverView();
  if (page === 'analytics') return buildAnalyticsView(ctx);
  return buildAdminTab();
}

/** The keys of the page: the current view's first, then B for the bell (if shown). Typing in a field is the field's. */
function installKeys(current: () => View | null, bell: Bell | null): void {
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e)) return;
    if (current()?.key?.(e)) {
      e.preventDefault();
      return;
    }
    if (bell && (e.key === 'b' || e.key === 'B')) {
      e.preventDefault();
      bell.toggle();
    }
  });
}

/** The units a unit user works for (a council member's neighbourhoods), named in the header in the page's language. */
function showUnits(user: User, header: OfficeHeader): void {
  if (user.role === 'council') return showNeighbourhoods(user, header);
  if (!isUnitRole(user.role)) return;
  void reference().then((ref) =>
    header.setUnits(() =>
      user.unitIds
        .map((id) => unitById(ref, id))
        .filter((u) => u !== null)
        .map((u) => nameIn(u.nameFa, u.nameEn)),
    ),
  );
}

function showNeighbourhoods(user: User, header: OfficeHeader): void {
  const mine = new Set(user.neighbourhoodIds.map(String));
  void reference().then((ref) =>
    header.setUnits(() =>
      ref.districts
        .flatMap((x) => x.neighbourhoods ?? [])
        .filter((n) => mine.has(String(n.id)))
        .map((n) => nameIn(n.nameFa, n.nameEn)),
    ),
  );
}

interface Shell {
  header: OfficeHeader;
  bell: Bell;
  /** Every page alive now (the kept lists and the open request). */
  views: () => View[];
  checkSession: () => Promise<boolean>;
}

function connect(shell: Shell): ReturnType<typeof connectOffice> {
  const { header, bell, views } = shell;
  const socket = connectOffice({
    notification: (item, unread) => {
      bell.push(item, unread);
      // A notification is news about its request (overdue now, more time granted): redraw it.
      if (!item.requestId) return;
      const e = { requestId: item.requestId, unitId: null, trackingCode: item.trackingCode ?? '', status: '' };
      for (const v of views()) v.changed?.(e);
    },
    read: (unread) => bell.setUnread(unread),
    inboxChanged: (e) => {
      for (const v of views()) v.changed?.(e);
    },
    connection: (c, reconnected) => {
      header.setConnection(c);
      if (!reconnected) return;
      // Something may have happened while the socket was down.
      void bell.reload();
      for (const v of views()) v.changed?.(null);
    },
    kicked: () => {
      void shell.checkSession().then((alive) => {
        if (alive) setTimeout(() => socket.connect(), 2000);
      });
    },
  });
  return socket;
}

export function mountOffice(root: HTMLElement, user: User, opts: OfficeOptions): void {
  const pages = pagesOf(user.role);
  const lists = new Map<Page, View>();
  let current: View | null = null;
  let lastPage: Page = pages[0]!;
  let socket: ReturnType<typeof connectOffice> | null = null;
  const legend = buildLegend(hasBell(user.role));

  const ctx: OfficeContext = {
    user,
    openRequest: (id) => {
      location.hash = `#/request/${id}`;
    },
    back: () => {
      location.hash = `#/${lastPage}`;
    },
    legendChanged: () => legend.draw(current),
  };
  const bell = buildBell(ctx.openRequest);
  const signOut = async () => {
    await post('/api/v1/auth/logout');
    socket?.disconnect();
    opts.signedOut();
  };
  const header = buildOfficeHeader(user, bell, () => void signOut());
  const main = h('main', { class: 'of-main', testid: 'of-main', attrs: { tabindex: -1 } });

  const show = () => {
    const route = parseRoute(location.hash, pages);
    // A request's page is made anew each time; the list pages stay.
    if (current && ![...lists.values()].includes(current)) current.dispose?.();
    if ('request' in route) {
      current = buildRequestPage(route.request, ctx);
    } else {
      lastPage = route.page;
      const kept = lists.get(route.page);
      kept?.shown?.();
      current = kept ?? pageView(route.page, ctx);
      lists.set(route.page, current);
      document.title = t('ofTitle');
    }
    header.setPage('page' in route ? route.page : null);
    replace(main, current.el);
    legend.draw(current);
    main.focus({ preventScroll: true });
  };

  root.replaceChildren(h('div', { class: 'desk office' }, header.el, main, legend.el, noticeRegion()));
  window.addEventListener('hashchange', show);
  onLangChange(() => {
    legend.draw(current);
    document.title = t('ofTitle');
  });
  show();
  installKeys(() => current, hasBell(user.role) ? bell : null);
  showUnits(user, header);
  if (hasBell(user.role)) void bell.reload();
  const views = () => [...new Set([...lists.values(), ...(current ? [current] : [])])];
  socket = connect({ header, bell, views, checkSession: opts.checkSession });
}
