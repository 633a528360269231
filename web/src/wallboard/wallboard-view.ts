// The wallboard page: header, alerts, the big numbers, queues and chart beside the operators,
// wired to the store (≤ 4 redraws a second) and to a one-second tick for the running clocks.
import { h } from '../lib/dom.ts';
import { t, onLangChange } from '../i18n/i18n.ts';
import { post } from '../lib/api.ts';
import { noticeRegion } from '../lib/notice.ts';
import { buildAlertStrip } from './alerts.ts';
import { buildChart } from './chart.ts';
import { serverNow } from './clock.ts';
import { buildHeader, type HeaderActions, type WallboardPage } from './header.ts';
import { buildPlacesView } from './places-view.ts';
import { buildScoresView } from './scores-view.ts';
import { CENTRE_TIME_ZONE } from '../lib/jalali.ts';
import { buildKpiTiles } from './kpi-tiles.ts';
import { buildOperatorsGrid } from './operators-grid.ts';
import { buildOperatorTiles } from './operator-tiles.ts';
import { buildQueuesPanel } from './queues-panel.ts';
import { connectWallboard } from './socket-client.ts';
import { WallboardStore } from './store.ts';
import type { WallboardSnapshot } from './types.ts';

export interface WallboardViewOptions {
  user: { displayName: string; role?: string };
  checkSession: () => Promise<boolean>;
  signedOut: () => void;
}

/** The page from ?view=scores|places (the live picture otherwise), kept in the address like TV mode. */
function pageFromUrl(role: string | undefined): WallboardPage {
  const v = new URLSearchParams(location.search).get('view');
  // A supervisor's bookmark of ?view=places opens the live picture: the page is admins' only.
  return v === 'scores' ? 'scores' : v === 'places' && role === 'admin' ? 'places' : 'live';
}

/** The centre's date now (YYYY-MM-DD, Tehran), by the server's clock. */
function centreToday(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: CENTRE_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(serverNow()));
}

/** TV mode from ?tv=1, kept in the address so a TV's bookmark opens straight into it. */
function tvFromUrl(): boolean {
  return new URLSearchParams(location.search).get('tv') === '1';
}

/** Keeps a switch (TV mode, the page) in the address without a new history entry. */
function setUrlParam(name: string, value: string | null): void {
  const url = new URL(location.href);
  if (value !== null) url.searchParams.set(name, value);
  else url.searchParams.delete(name);
  history.replaceState(null, '', url);
}

/** The live picture's panels and the columns they sit in; readOnly: the grid without actions. */
function buildLivePanels(readOnly: boolean) {
  const alerts = buildAlertStrip();
  const tiles = buildKpiTiles();
  const queues = buildQueuesPanel();
  const chart = buildChart();
  const grid = buildOperatorsGrid(readOnly);
  const opTiles = buildOperatorTiles();
  const queuesCol = h('div', { class: 'wb-col wb-col-queues' }, queues.el, chart.el);
  const operatorsCol = h('div', { class: 'wb-col wb-col-operators' }, grid.el, opTiles.el);
  const main = h(
    'main',
    { class: 'wb-main', attrs: { hidden: true } },
    tiles.el,
    h('div', { class: 'wb-cols' }, queuesCol, operatorsCol),
  );
  /** Draws what the live page shows; TV mode has operator cards instead of the grid. */
  const render = (p: WallboardSnapshot, now: number, tv: boolean) => {
    tiles.render(p, now);
    queues.render(p, now);
    chart.render(p);
    if (tv) opTiles.render(p, now);
    else grid.render(p, now);
  };
  /** On the TV the chart goes under the operator cards, which take less room than the grid. */
  const placeChart = (tv: boolean) => (tv ? operatorsCol : queuesCol).append(chart.el);
  return { alerts, main, render, placeChart };
}

/** Where the supervisor is: TV mode, the page shown, and whether that page has read its data yet. */
interface Nav {
  tv: boolean;
  page: WallboardPage;
  scoresShown: boolean;
  placesShown: boolean;
}

/** What the header's switches do: TV mode and the page, both kept in the address. */
function navActions(nav: Nav, applyTv: () => void, renderAll: () => void): Omit<HeaderActions, 'signOut'> {
  return {
    isTv: () => nav.tv,
    toggleTv: () => {
      nav.tv = !nav.tv;
      // The TV shows the live picture only.
      if (nav.tv) nav.page = 'live';
      applyTv();
      renderAll();
    },
    page: () => nav.page,
    setPage: (p) => {
      nav.page = p;
      // Each visit to the scores page reads them afresh (they move as surveys come in).
      if (p === 'scores') nav.scoresShown = false;
      if (p === 'places') nav.placesShown = false;
      setUrlParam('view', p !== 'live' ? p : null);
      renderAll();
    },
  };
}

type PageView = { el: HTMLElement; show: () => void };

/** Shows the chosen page; the scores and places pages load their data on the first draw of a visit. */
function showPage(nav: Nav, main: HTMLElement, scores: PageView, places: PageView): void {
  main.hidden = nav.page !== 'live';
  scores.el.hidden = nav.page !== 'scores';
  if (nav.page === 'scores' && !nav.scoresShown) {
    nav.scoresShown = true;
    scores.show();
  }
  places.el.hidden = nav.page !== 'places';
  if (nav.page === 'places' && !nav.placesShown) {
    nav.placesShown = true;
    places.show();
  }
}

export function mountWallboard(root: HTMLElement, opts: WallboardViewOptions): void {
  const store = new WallboardStore();
  const nav: Nav = { tv: tvFromUrl(), page: pageFromUrl(opts.user.role), scoresShown: false, placesShown: false };
  const applyTv = () => {
    document.body.classList.toggle('tv', nav.tv);
    live.placeChart(nav.tv);
    setUrlParam('tv', nav.tv ? '1' : null);
  };
  const socketRef: { current: ReturnType<typeof connectWallboard> | null } = { current: null };
  const places = buildPlacesView();
  const scores = buildScoresView({
    today: () => (store.picture ? centreToday() : null),
    shifts: () => store.picture?.settings.shifts ?? [],
  });
  const header = buildHeader(store, opts.user, {
    ...navActions(nav, applyTv, renderAll),
    signOut: () =>
      void post('/api/v1/auth/logout').then(() => {
        socketRef.current?.disconnect();
        opts.signedOut();
      }),
  });
  // The city's manager watches: the server refuses them every action, so none is offered.
  const live = buildLivePanels(opts.user.role === 'manager');
  const loading = h('p', { class: 'booting', testid: 'wb-loading', i18n: 'wbLoading' });
  const { alerts, main } = live;
  root.replaceChildren(
    h(
      'div',
      { class: 'wb', testid: 'wallboard' },
      header.el,
      alerts.el,
      loading,
      main,
      scores.el,
      places.el,
      noticeRegion(),
    ),
  );

  function renderAll(): void {
    header.render();
    const p = store.picture;
    if (!p) return;
    const now = serverNow();
    loading.hidden = true;
    showPage(nav, main, scores, places);
    alerts.render(p.operators, now);
    main.dataset['seq'] = String(p.seq);
    // The live panels are hidden under the scores and places pages: no need to redraw them every
    // second there (the next tick after coming back draws them).
    if (nav.page !== 'live') return;
    live.render(p, now, nav.tv);
  }
  const setTitle = () => (document.title = t('wbTitle'));
  store.subscribe(renderAll);
  onLangChange(() => {
    setTitle();
    scores.render();
    places.render();
    renderAll();
  });
  // The running clocks (waits, pauses, talk) tick without any message from the server.
  setInterval(renderAll, 1000);
  setTitle();
  applyTv();
  renderAll();
  socketRef.current = connectWallboard(store, () => {
    void opts.checkSession().then((alive) => {
      if (alive) setTimeout(() => socketRef.current?.connect(), 2000);
    });
  });
}
