// The desk header: who is at the desk, their queue state and call clock, and the state buttons.
import { h, replace } from '../lib/dom.ts';
import { t, d, getLang, onLangChange, setLang } from '../i18n/i18n.ts';
import { post } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { formatNumber } from '../lib/digits.ts';
import type { DeskStore, DeskState } from './store.ts';
import { PAUSE_REASONS, type OperatorStateChanged, type OperatorScores } from './types.ts';
import { callClock, reasonLabel, stateLabel } from './state-view.ts';
import { notify } from './notice.ts';

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

export function buildHeader(store: DeskStore, actions: HeaderActions): Header {
  const user = store.get().user;
  const hasQueue = user.operatorId !== null;
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
  let scoreData: OperatorScores | null = null;

  const reason = h('select', { id: 'pause-reason', testid: 'pause-reason', class: 'compact' });
  const fillReasons = () => {
    const value = reason.value || 'break';
    replace(reason, ...PAUSE_REASONS.map((r) => h('option', { attrs: { value: r } }, reasonLabel(r))));
    reason.value = value;
  };
  fillReasons();

  let busy = false;
  const setState = async (body: Record<string, string>) => {
    if (busy) return;
    busy = true;
    const r = await post<OperatorStateChanged>('/api/v1/operators/me/state', body);
    busy = false;
    if (r.ok && r.data && typeof r.data.state === 'string') store.setOperator(r.data);
    else if (!r.ok) notify(t('stateChangeFailed', { message: errorText(r.status, r.error) }), 'error');
  };
  const ready = () => void setState({ state: 'ready' });
  const pause = () => void setState({ state: 'paused', reason: reason.value || 'break' });
  const leaveQueue = () => void setState({ state: 'logged-out' });

  const btnReady = h('button', {
    class: 'btn btn-ready',
    testid: 'btn-ready',
    i18n: 'btnReady',
    attrs: { type: 'button', 'aria-keyshortcuts': 'F2' },
    on: { click: ready },
  });
  const btnPause = h('button', {
    class: 'btn btn-pause',
    testid: 'btn-pause',
    i18n: 'btnPause',
    attrs: { type: 'button', 'aria-keyshortcuts': 'F3' },
    on: { click: pause },
  });
  const btnLeave = h('button', {
    class: 'btn btn-quiet',
    testid: 'btn-queue-logout',
    i18n: 'btnQueueLogout',
    attrs: { type: 'button', 'aria-keyshortcuts': 'F4' },
    on: { click: leaveQueue },
  });
  const langBtn = h('button', {
    class: 'btn btn-quiet lang',
    testid: 'lang-switch',
    i18n: 'langSwitch',
    on: { click: () => setLang(getLang() === 'fa' ? 'en' : 'fa') },
  });
  langBtn.setAttribute('data-i18n-aria-label', 'langSwitchLabel');
  const signOut = h('button', {
    class: 'btn btn-quiet',
    testid: 'btn-signout',
    i18n: 'btnSignOut',
    attrs: { type: 'button' },
    on: { click: actions.signOut },
  });

  const who = h(
    'div',
    { class: 'who' },
    h('span', { class: 'who-name', testid: 'operator-name', text: user.displayName }),
    user.extension ? h('span', { class: 'who-ext', testid: 'operator-extension' }) : null,
  );
  const ext = who.querySelector<HTMLElement>('.who-ext');

  const controls = hasQueue
    ? h(
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
      )
    : null;

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
    hasQueue ? badge : null,
    clock,
    scores,
    controls,
    h('div', { class: 'header-end' }, hasQueue ? conn : null, langBtn, signOut),
    offline,
  );

  const draw = () => {
    const s = store.get();
    const lang = getLang();
    const now = Date.now();
    const shown = shownState(s);
    badge.textContent = stateLabel(shown, now, lang);
    badge.dataset['state'] = shown?.state ?? 'unknown';
    btnReady.disabled = shown?.state === 'ready';
    // The last call's time stays up during its wrap-up, then goes.
    const c = s.call?.endedAt && shown?.state !== 'wrap-up' ? null : callClock(s.call, now, lang);
    clock.hidden = !c;
    if (c) {
      clockLabel.textContent = t(c.label);
      clockValue.textContent = c.text;
    }
    conn.dataset['conn'] = s.connection;
    conn.textContent = t(
      s.connection === 'online' ? 'connOnline' : s.connection === 'offline' ? 'connLost' : 'connConnecting',
    );
    offline.hidden = s.connection !== 'offline';
    if (ext) ext.textContent = t('extension', { ext: d(user.extension ?? '') });
    // Nothing to show before the first survey answer.
    scores.hidden = !scoreData || scoreData.responses === 0;
    if (scoreData) {
      const params = {
        mean:
          scoreData.meanScore === null ? '—' : formatNumber(scoreData.meanScore, lang, { maximumFractionDigits: 1 }),
        n: scoreData.responses,
      };
      scores.textContent = t('scoresShort', params);
      scores.title = t('scores', params);
    }
  };

  store.subscribe(draw);
  onLangChange(() => {
    fillReasons();
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
