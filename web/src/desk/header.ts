// The desk header: who is at the desk, their queue state and call clock, and the state buttons.
import { h, replace } from '../lib/dom.ts';
import { t, d, getLang, onLangChange, setLang, type StringKey } from '../i18n/i18n.ts';
import { post } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { formatNumber } from '../lib/digits.ts';
import type { DeskStore, DeskState } from './store.ts';
import { notify } from '../lib/notice.ts';
import { PAUSE_REASONS, reasonLabel } from '../lib/operator-state.ts';
import type { OperatorStateChanged, OperatorScores } from './types.ts';
import { callClock, pauseNote, stateLabel } from './state-view.ts';

export interface HeaderActions {
  signOut: () => void;
}

export interface Header {
  el: HTMLElement;
  ready: () => void;
  pause: () => void;
  leaveQueue: () => void;
  setScores: (s: OperatorScores | null) => void;
}

/**
 * The state to show. A live call at this desk wins over an operator state older than the call's
 * own last event (the screen-pop may arrive before the matching operator:state).
 */
function shownState(s: DeskState): OperatorStateChanged | null {
  const call = s.call;
  const op = s.operator;
  const callLive = call && !call.endedAt;
  const callSince = call ? Date.parse(call.answeredAt ?? call.ringingAt) : 0;
  if (callLive && (!op || ['ready', 'ringing', 'talking'].includes(op.state) || Date.parse(op.since) <= callSince)) {
    return {
      state: call.answeredAt ? 'talking' : 'ringing',
      reason: null,
      since: call.answeredAt ?? call.ringingAt,
      until: null,
    };
  }
  return op;
}

/** The pause reasons in the interface language, keeping the one chosen (break by default). */
function fillReasons(reason: HTMLSelectElement): void {
  const value = reason.value || 'break';
  replace(reason, ...PAUSE_REASONS.map((r) => h('option', { attrs: { value: r } }, reasonLabel(r))));
  reason.value = value;
}

interface StateActions {
  ready: () => void;
  pause: () => void;
  leaveQueue: () => void;
}

/** A header button with its keyboard shortcut announced to screen readers. */
function keyButton(cls: string, testid: string, label: StringKey, key: string, click: () => void): HTMLButtonElement {
  return h('button', {
    class: cls,
    testid,
    i18n: label,
    attrs: { type: 'button', 'aria-keyshortcuts': key },
    on: { click },
  });
}

/** Ready (F2), pause with a reason (F3) and leave the queue (F4). */
function buildStateControls(reason: HTMLSelectElement, on: StateActions) {
  const btnReady = keyButton('btn btn-ready', 'btn-ready', 'btnReady', 'F2', on.ready);
  const btnPause = keyButton('btn btn-pause', 'btn-pause', 'btnPause', 'F3', on.pause);
  const btnLeave = keyButton('btn btn-quiet', 'btn-queue-logout', 'btnQueueLogout', 'F4', on.leaveQueue);
  const controls = h(
    'div',
    { class: 'state-controls' },
    btnReady,
    h(
      'span',
      { class: 'pause-group' },
      h('label', { class: 'sr-only', i18n: 'pauseReasonLabel', attrs: { for: 'pause-reason' } }),
      reason,
      btnPause,
    ),
    btnLeave,
  );
  return { controls, btnReady };
}

/** The header's far end: connection (for a desk with a queue), language, sign out. */
function buildHeaderEnd(conn: HTMLElement | null, signOut: () => void): HTMLElement {
  const langBtn = h('button', {
    class: 'btn btn-quiet lang',
    testid: 'lang-switch',
    i18n: 'langSwitch',
    on: { click: () => setLang(getLang() === 'fa' ? 'en' : 'fa') },
  });
  langBtn.setAttribute('data-i18n-aria-label', 'langSwitchLabel');
  const signOutBtn = h('button', {
    class: 'btn btn-quiet',
    testid: 'btn-signout',
    i18n: 'btnSignOut',
    attrs: { type: 'button' },
    on: { click: signOut },
  });
  // The back office: referred requests, the worklist, more time asked by the units.
  const office = h('a', {
    class: 'btn btn-quiet',
    testid: 'office-link',
    i18n: 'ofOfficeLink',
    attrs: { href: '/office.html' },
  });
  return h('div', { class: 'header-end' }, conn, office, langBtn, signOutBtn);
}

/** The header's live parts, redrawn every second and on every change of the store. */
interface LiveEls {
  badge: HTMLElement;
  btnReady: HTMLButtonElement;
  clock: HTMLElement;
  clockLabel: HTMLElement;
  clockValue: HTMLElement;
  conn: HTMLElement;
  offline: HTMLElement;
  ext: HTMLElement | null;
  scores: HTMLElement;
  pauseNote: HTMLElement;
}

function buildLiveEls(): Omit<LiveEls, 'btnReady' | 'ext'> {
  // Not a live region: in wrap-up its text counts down every second.
  const badge = h('span', { class: 'badge', testid: 'state-badge' });
  const clockLabel = h('span', { class: 'clock-label' });
  const clockValue = h('span', { class: 'clock-value', testid: 'call-timer' });
  const clock = h('span', { class: 'clock', attrs: { hidden: true } }, clockLabel, clockValue);
  const conn = h('span', { class: 'conn', testid: 'connection', attrs: { role: 'status' } });
  // A drop is worth a full-width line: the operator must know calls may not reach the desk.
  const offline = h('p', {
    class: 'offline-banner',
    testid: 'offline-banner',
    i18n: 'connOffline',
    attrs: { role: 'alert', hidden: true },
  });
  const scores = h('span', { class: 'scores', testid: 'scores', attrs: { hidden: true } });
  const pauseNote = h('span', { class: 'pause-note', testid: 'pause-note', attrs: { hidden: true } });
  return { badge, clockLabel, clockValue, clock, conn, offline, scores, pauseNote };
}

function drawLive(els: LiveEls, s: DeskState, scoreData: OperatorScores | null): void {
  const lang = getLang();
  const now = Date.now();
  const shown = shownState(s);
  els.badge.textContent = stateLabel(shown, now, lang);
  els.badge.dataset['state'] = shown?.state ?? 'unknown';
  els.btnReady.disabled = shown?.state === 'ready';
  const note = pauseNote(s.operator);
  els.pauseNote.hidden = !note;
  els.pauseNote.textContent = note ?? '';
  els.pauseNote.title = note ?? '';
  // The last call's time stays up during its wrap-up, then goes.
  const c = s.call?.endedAt && shown?.state !== 'wrap-up' ? null : callClock(s.call, now, lang);
  els.clock.hidden = !c;
  if (c) {
    els.clockLabel.textContent = t(c.label);
    els.clockValue.textContent = c.text;
  }
  els.conn.dataset['conn'] = s.connection;
  els.conn.textContent = t(
    s.connection === 'online' ? 'connOnline' : s.connection === 'offline' ? 'connLost' : 'connConnecting',
  );
  els.offline.hidden = s.connection !== 'offline';
  if (els.ext) els.ext.textContent = t('extension', { ext: d(s.user.extension ?? '') });
  // Nothing to show before the first survey answer.
  els.scores.hidden = !scoreData || scoreData.responses === 0;
  if (scoreData) {
    const params = {
      mean: scoreData.meanScore === null ? '—' : formatNumber(scoreData.meanScore, lang, { maximumFractionDigits: 1 }),
      n: scoreData.responses,
    };
    els.scores.textContent = t('scoresShort', params);
    els.scores.title = t('scores', params);
  }
}

/**
 * One state change in flight at a time, and a key pressed meanwhile is not lost: the latest one
 * waits and goes next (F2 then F3 quickly means "ready, then paused", on a slow PC too).
 */
function stateSender(store: DeskStore): (body: Record<string, string>) => Promise<void> {
  let inFlight = false;
  let next: Record<string, string> | null = null;
  const send = async (body: Record<string, string>) => {
    const r = await post<OperatorStateChanged>('/api/v1/operators/me/state', body);
    if (r.ok && r.data && typeof r.data.state === 'string') store.setOperator(r.data);
    else if (!r.ok) notify(t('stateChangeFailed', { message: errorText(r.status, r.error) }), 'error');
  };
  return async (body) => {
    next = body;
    if (inFlight) return;
    inFlight = true;
    while (next) {
      const b: Record<string, string> = next;
      next = null;
      await send(b);
    }
    inFlight = false;
  };
}

export function buildHeader(store: DeskStore, actions: HeaderActions): Header {
  const user = store.get().user;
  const hasQueue = user.operatorId !== null;
  const live = buildLiveEls();
  let scoreData: OperatorScores | null = null;

  const reason = h('select', { id: 'pause-reason', testid: 'pause-reason', class: 'compact' });
  fillReasons(reason);

  const setState = stateSender(store);
  const ready = () => void setState({ state: 'ready' });
  const pause = () => void setState({ state: 'paused', reason: reason.value || 'break' });
  const leaveQueue = () => void setState({ state: 'logged-out' });
  const { controls, btnReady } = buildStateControls(reason, { ready, pause, leaveQueue });

  const who = h(
    'div',
    { class: 'who' },
    h('span', { class: 'who-name', testid: 'operator-name', text: user.displayName }),
    user.extension ? h('span', { class: 'who-ext', testid: 'operator-extension' }) : null,
  );
  const els: LiveEls = { ...live, btnReady, ext: who.querySelector<HTMLElement>('.who-ext') };

  const el = h(
    'header',
    { class: 'desk-header' },
    h(
      'div',
      { class: 'brand' },
      h('span', { class: 'brand-mark', i18n: 'brandMark' }),
      h('span', { class: 'brand-name sr-only', i18n: 'brandName' }),
    ),
    who,
    hasQueue ? live.badge : null,
    hasQueue ? live.pauseNote : null,
    live.clock,
    live.scores,
    hasQueue ? controls : null,
    buildHeaderEnd(hasQueue ? live.conn : null, actions.signOut),
    live.offline,
  );

  const draw = () => drawLive(els, store.get(), scoreData);
  store.subscribe(draw);
  // Told once, as it happens, when a supervisor pauses this operator (the note above stays).
  store.subscribe((s, prev) => {
    const by = s.operator?.pausedBy;
    if (by && (by !== prev.operator?.pausedBy || s.operator?.pendingPause !== prev.operator?.pendingPause))
      notify(pauseNote(s.operator)!, 'info');
  });
  onLangChange(() => {
    fillReasons(reason);
    draw();
  });
  setInterval(draw, 1000);
  draw();
  return {
    el,
    ready,
    pause,
    leaveQueue,
    setScores: (s) => {
      scoreData = s;
      draw();
    },
  };
}
