// The desk page: header, screen-pop, request form and side panels, wired to the store and socket.
import { h } from '../lib/dom.ts';
import { t } from '../i18n/i18n.ts';
import { get, post } from '../lib/api.ts';
import { DeskStore } from './store.ts';
import type { OperatorScores, User } from './types.ts';
import { buildHeader, type Header } from './header.ts';
import { buildPopPanel } from './pop-panel.ts';
import { buildTrackingResult } from './tracking-result.ts';
import { buildRequestForm } from './request-form.ts';
import { buildDuplicatesPanel } from './duplicates-panel.ts';
import { buildTemplatesPanel } from './templates-panel.ts';
import { buildFindPanel, type FindPanel } from './find-panel.ts';
import { loadReferenceData } from './reference-data.ts';
import { connectDesk } from './socket-client.ts';
import { buildLegend, installShortcuts, type ShortcutActions } from './shortcuts.ts';
import { noticeRegion } from '../lib/notice.ts';
import { clearDraft } from './draft.ts';
import { buildCallbackCard, type CallbackCard } from './callback-card.ts';
import { buildTriageCard, type TriageCard } from './triage-card.ts';

export interface DeskViewOptions {
  /** The session may have ended: check it and go back to the login page if so. */
  checkSession: () => Promise<boolean>;
  signedOut: () => void;
}

async function loadScores(): Promise<OperatorScores | null> {
  const r = await get<OperatorScores>('/api/v1/operators/me/scores');
  return r.ok && r.data && typeof r.data.responses === 'number' ? r.data : null;
}

/** Notes above the desk: the wallboard for supervisors, and why a user without a queue sees no form. */
function buildBanners(user: User, hasQueue: boolean): HTMLElement {
  return h(
    'div',
    { class: 'banners' },
    user.role !== 'operator'
      ? h(
          'p',
          { class: 'banner', testid: 'supervisor-note' },
          h('a', { attrs: { href: '/wallboard.html' }, i18n: 'wbOpenWallboard' }),
        )
      : null,
    !hasQueue ? h('p', { class: 'banner', testid: 'no-operator-note', i18n: 'noOperatorNote' }) : null,
  );
}

/**
 * The three columns of a desk with a queue (screen-pop, form, side panels); their keys join
 * `actions`. A user without a queue only gets the search (see mountDesk).
 */
function buildQueueDesk(
  store: DeskStore,
  header: Header,
  find: FindPanel,
  actions: ShortcutActions,
  callback: CallbackCard,
  triage: TriageCard,
): HTMLElement {
  const result = buildTrackingResult();
  const form = buildRequestForm({ store, result, onCreated: (r) => store.addRequest(r) });
  const dups = buildDuplicatesPanel({ form, result, onLinked: (r) => store.addRequest(r) });
  const templates = buildTemplatesPanel(form);
  triage.bind(form.selection);
  const pop = buildPopPanel(store, { onRequest: (r) => find.search(r.trackingCode) });
  loadReferenceData((data) => form.setReference(data));
  Object.assign(actions, {
    ready: header.ready,
    pause: header.pause,
    leaveQueue: header.leaveQueue,
    focusCategory: form.focusCategory,
    focusDescription: form.focusDescription,
    submit: form.submit,
    escape: form.escape,
    template: templates.insert,
    linkDuplicate: dups.linkHighlighted,
    moveDuplicate: dups.move,
    callBack: callback.call,
  } satisfies Partial<ShortcutActions>);
  return h(
    'main',
    { class: 'desk-main' },
    h('div', { class: 'col col-pop' }, callback.el, triage.el, pop),
    h('div', { class: 'col col-form' }, result.el, form.el),
    h('div', { class: 'col col-side' }, dups.el, templates.el, find.el),
  );
}

export function mountDesk(root: HTMLElement, user: User, opts: DeskViewOptions): void {
  const store = new DeskStore(user);
  const hasQueue = user.operatorId !== null;
  let socket: ReturnType<typeof connectDesk> | null = null;

  const signOut = async () => {
    if (hasQueue && store.get().operator?.state !== 'logged-out') {
      await post('/api/v1/operators/me/state', { state: 'logged-out' });
    }
    await post('/api/v1/auth/logout');
    clearDraft(user.id);
    socket?.disconnect();
    opts.signedOut();
  };
  const header = buildHeader(store, { signOut: () => void signOut() });
  // A note added in the search joins the caller's history on the pop at once.
  const find = buildFindPanel({ onNoteAdded: (r) => store.updateRequest(r) });
  const notes = buildBanners(user, hasQueue);

  const actions: ShortcutActions = { focusFind: find.focus };
  const callback = buildCallbackCard();
  const triage = buildTriageCard({ onRequest: (r) => store.addRequest(r) });
  const main = hasQueue
    ? buildQueueDesk(store, header, find, actions, callback, triage)
    : h('main', { class: 'desk-main desk-main-narrow' }, h('div', { class: 'col' }, find.el));

  root.replaceChildren(h('div', { class: 'desk' }, header.el, notes, main, buildLegend(actions), noticeRegion()));
  installShortcuts(actions);
  document.title = t('appTitle');

  // Never reloaded after a call: the server releases an operator's figures per closed shift, once
  // enough new ratings are in, so that no caller's rating shows as a step (survey/score-release.ts).
  const refreshScores = async () => header.setScores(await loadScores());
  void refreshScores();
  setInterval(() => void refreshScores(), 15 * 60_000);

  if (hasQueue) {
    socket = connectDesk(store, {
      callbacks: {
        offer: callback.offer,
        withdrawn: callback.withdrawn,
        held: (o) => (o ? callback.offer(o) : undefined),
      },
      triage: { offer: triage.offer, withdrawn: triage.withdrawn, held: (o) => (o ? triage.offer(o) : undefined) },
      onKicked: () => {
        void opts.checkSession().then((alive) => {
          if (alive) setTimeout(() => socket?.connect(), 2000);
        });
      },
    });
  }
}
