// The callback task on the desk: a citizen who hung up while waiting (or asked to be called back in
// the phone menu), offered to this ready operator with the number's history. "Call" (F9) rings the
// operator's phone first, then the citizen's; then the operator records what happened.
import { h, replace } from '../lib/dom.ts';
import { d, getLang, onLangChange, t, type StringKey } from '../i18n/i18n.ts';
import { post } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { formatDuration } from '../lib/jalali.ts';
import { notify } from '../lib/notice.ts';
import type { CallbackItem, CallbackOffer, CallbackOutcome, CallbackWithdrawn } from '../lib/server-types.ts';
import { outcomeLabel } from './call-history.ts';
import { dateEl, trackingCodeEl } from './request-card.ts';
import { statusLabel } from './request-status.ts';

const OUTCOMES: Array<{ outcome: CallbackOutcome; label: StringKey }> = [
  { outcome: 'reached', label: 'cbReached' },
  { outcome: 'no-answer', label: 'cbNoAnswer' },
  { outcome: 'busy', label: 'cbBusy' },
  { outcome: 'wrong-number', label: 'cbWrongNumber' },
];

export interface CallbackCard {
  el: HTMLElement;
  offer(o: CallbackOffer): void;
  withdrawn(w: CallbackWithdrawn): void;
  /** F9: call the citizen back, if a task is waiting to be called; false when there is none. */
  call(): boolean;
}

function historyEl(o: CallbackOffer): HTMLElement {
  const { calls, requests, attempts } = o.history;
  return h(
    'div',
    { class: 'cb-history' },
    h('h3', { i18n: 'cbHistory' }),
    h(
      'ul',
      { class: 'cb-calls', testid: 'cb-history-calls' },
      ...calls.map((c) =>
        h(
          'li',
          { attrs: { 'data-call-id': c.callId } },
          dateEl(c.startedAt, false),
          ' · ',
          h('span', { class: `outcome outcome-${c.outcome}`, text: outcomeLabel(c.outcome) }),
          c.waitSeconds !== null ? ` · ${t('cbWaited', { w: formatDuration(c.waitSeconds, getLang()) })}` : '',
        ),
      ),
    ),
    requests.length
      ? h(
          'ul',
          { class: 'cb-requests', testid: 'cb-history-requests' },
          ...requests.map((r) => h('li', {}, trackingCodeEl(r.trackingCode), ' · ', statusLabel(r.status))),
        )
      : null,
    attempts.length
      ? h(
          'ul',
          { class: 'cb-attempts', testid: 'cb-attempts' },
          ...attempts.map((a) =>
            h('li', {}, dateEl(a.dialledAt, false), ' · ', a.outcome ? t(labelOf(a.outcome)) : t('cbDialling')),
          ),
        )
      : null,
  );
}

const labelOf = (o: string): StringKey => OUTCOMES.find((x) => x.outcome === o)?.label ?? 'cbDialling';

function summaryEl(c: CallbackItem): HTMLElement {
  return h(
    'div',
    { class: 'cb-summary' },
    h(
      'p',
      { class: 'cb-phone', testid: 'cb-phone' },
      h('bdi', { attrs: { dir: 'ltr' } }, d(c.phoneDisplay ?? c.phone)),
    ),
    c.citizenName ? h('p', { class: 'cb-name' }, h('bdi', { text: c.citizenName })) : null,
    h(
      'p',
      { class: 'cb-why', testid: 'cb-why' },
      c.source === 'ivr-offer'
        ? t('cbAskedInMenu')
        : t('cbAbandoned', { n: c.abandons, w: formatDuration(c.longestWaitSeconds, getLang()) }),
      ' · ',
      dateEl(c.lastAt, false),
    ),
    c.attempts ? h('p', { class: 'cb-attempt-count' }, t('cbAttempts', { n: c.attempts })) : null,
  );
}

/** The card's content: what is owed, "Call (F9)" or, once dialled, the outcome buttons; the history. */
function cardBody(
  current: CallbackOffer,
  busy: boolean,
  note: HTMLElement,
  on: { call: () => void; record: (o: CallbackOutcome) => void },
): HTMLElement[] {
  const c = current.callback;
  const action =
    c.status === 'dialling'
      ? h(
          'div',
          { class: 'cb-outcomes', testid: 'cb-outcomes' },
          h('p', { i18n: 'cbOutcomeAsk' }),
          h('label', {}, h('span', { i18n: 'cbNote' }), note),
          ...OUTCOMES.map((o) =>
            h('button', {
              class: `btn cb-outcome cb-${o.outcome}`,
              testid: `cb-outcome-${o.outcome}`,
              i18n: o.label,
              attrs: { type: 'button', disabled: busy },
              on: { click: () => on.record(o.outcome) },
            }),
          ),
        )
      : h(
          'button',
          {
            class: 'btn primary cb-call',
            testid: 'cb-call',
            attrs: { type: 'button', disabled: busy },
            on: { click: on.call },
          },
          h('span', { i18n: 'cbCall' }),
          ' ',
          h('kbd', { attrs: { dir: 'ltr' } }, 'F9'),
        );
  return [h('h2', { i18n: 'cbTitle' }), summaryEl(c), action, historyEl(current)];
}

/** The task card; hidden while no callback is offered to this desk. */
export function buildCallbackCard(): CallbackCard {
  const el = h('section', { class: 'callback-card', testid: 'callback-card', attrs: { hidden: true } });
  let current: CallbackOffer | null = null;
  let busy = false;
  const note = h('input', { class: 'cb-note', testid: 'cb-note', attrs: { type: 'text', maxlength: 1000 } });

  const render = () => {
    if (!current) {
      el.hidden = true;
      replace(el);
      return;
    }
    el.hidden = false;
    el.dataset['status'] = current.callback.status;
    replace(el, ...cardBody(current, busy, note, { call: () => void call(), record: (o) => void record(o) }));
  };

  // Built with t(): drawn again in the other language.
  onLangChange(() => render());

  const call = async () => {
    if (!current || busy || current.callback.status !== 'offered') return;
    busy = true;
    render();
    const r = await post<{ id: string }>(`/api/v1/callbacks/${current.callback.id}/dial`);
    busy = false;
    if (r.ok && current) current = { ...current, callback: { ...current.callback, status: 'dialling' } };
    else if (!r.ok) notify(t('cbCallFailed', { message: errorText(r.status, r.error) }), 'error');
    render();
  };

  const record = async (outcome: CallbackOutcome) => {
    if (!current || busy) return;
    busy = true;
    render();
    const id = current.callback.id;
    const r = await post<{ item: CallbackItem }>(`/api/v1/callbacks/${id}/outcome`, {
      outcome,
      ...(note.value.trim() ? { note: note.value.trim() } : {}),
    });
    busy = false;
    if (r.ok) {
      notify(t('cbRecorded', { outcome: t(labelOf(outcome)) }));
      note.value = '';
      if (current?.callback.id === id) current = null;
    } else notify(t('cbCallFailed', { message: errorText(r.status, r.error) }), 'error');
    render();
  };

  return {
    el,
    offer(o) {
      current = o;
      note.value = '';
      render();
    },
    withdrawn(w) {
      if (current?.callback.id !== w.id) return;
      // A task being dialled stays until its outcome is recorded (the desk closes it itself).
      if (current.callback.status === 'dialling' && w.reason === 'closed') return;
      current = null;
      if (w.reason !== 'closed') notify(t(w.reason === 'answered-later' ? 'cbGoneAnswered' : 'cbGone'));
      render();
    },
    call() {
      if (current?.callback.status !== 'offered') return false;
      void call();
      return true;
    },
  };
}
