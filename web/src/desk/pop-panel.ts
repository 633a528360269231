// The screen-pop: filled the moment the operator's phone starts ringing, before they answer, with
// the caller's number, markers from the phone menu and what the centre already knows about them.
import { h, replace, ltr } from '../lib/dom.ts';
import { t, d, getLang, onLangChange } from '../i18n/i18n.ts';
import { formatPhoneNational } from '../lib/phone.ts';
import { formatTime } from '../lib/jalali.ts';
import { ivrChoiceLabel, queueLabel } from '../lib/call-labels.ts';
import type { DeskStore, CurrentCall } from './store.ts';
import type { PastRequest } from './types.ts';
import { callHistory } from './call-history.ts';
import { requestCard } from './request-card.ts';
import { sortRequests } from './request-status.ts';

export type CallPhase = 'idle' | 'ringing' | 'talking' | 'ended';

export function callPhase(call: CurrentCall | null): CallPhase {
  if (!call) return 'idle';
  if (call.endedAt) return 'ended';
  return call.answeredAt ? 'talking' : 'ringing';
}

/** "۰۹۱۲ ۱۲۳ ۴۵۶۷", or null for a hidden number. */
export function callerPhoneText(call: CurrentCall): string | null {
  const shown = call.caller.phoneDisplay || (call.caller.phone ? formatPhoneNational(call.caller.phone) : null);
  return shown ? d(shown) : null;
}

const ivrText = (choice: string): string => t('popIvr', { choice: ivrChoiceLabel(choice) });

export interface PopPanelOptions {
  /** A tracking code in the history was clicked. */
  onRequest: (r: PastRequest) => void;
}

/** What the centre knows at a glance: known or new caller, hazard, the menu choice, queue, time. */
function callMarkers(call: CurrentCall, phone: string | null, known: boolean): HTMLElement {
  const hazard = call.hazard || call.ivrChoice === '9';
  return h(
    'div',
    { class: 'markers' },
    !phone
      ? null
      : h('span', {
          class: `marker ${known ? 'marker-known' : 'marker-new'}`,
          testid: 'pop-caller-kind',
          i18n: known ? 'popKnownCaller' : 'popNewCaller',
        }),
    hazard ? h('span', { class: 'marker marker-hazard', testid: 'pop-hazard', i18n: 'popHazard' }) : null,
    call.ivrChoice ? h('span', { class: 'marker marker-ivr', testid: 'pop-ivr', text: ivrText(call.ivrChoice) }) : null,
    call.queue ? h('span', { class: 'marker', testid: 'pop-queue', text: queueLabel(call.queue) }) : null,
    h('span', {
      class: 'marker marker-time',
      text: t('popRingingSince', { time: formatTime(call.ringingAt, getLang()) }),
    }),
  );
}

/** Which <details> of the body were open, so that a redraw of the same call keeps them so. */
interface OpenState {
  events: Set<string | undefined>;
  closedRequests: boolean;
}

function openStateOf(body: HTMLElement, sameCall: boolean): OpenState {
  if (!sameCall) return { events: new Set<string | undefined>(), closedRequests: false };
  const opened = body.querySelectorAll<HTMLDetailsElement>('details.req-events[open]');
  return {
    events: new Set(Array.from(opened).map((x) => x.dataset['requestId'])),
    closedRequests: Boolean(body.querySelector<HTMLDetailsElement>('details.closed-requests')?.open),
  };
}

/** The caller's requests: open ones first, closed ones folded away below. */
function requestList(requests: PastRequest[], was: OpenState, onRequest: (r: PastRequest) => void): HTMLElement {
  const { open, closed } = sortRequests(requests);
  const card = (r: PastRequest) => requestCard(r, { onCode: onRequest, testid: 'pop-request', events: true });
  const list = h(
    'div',
    { class: 'req-list', testid: 'pop-history-requests' },
    requests.length === 0 ? h('p', { class: 'empty', i18n: 'popNoRequests' }) : null,
    ...open.map(card),
    closed.length > 0
      ? h(
          'details',
          { class: 'closed-requests', attrs: { open: was.closedRequests } },
          h('summary', { text: t('popClosedRequests', { n: closed.length }) }),
          ...closed.map(card),
        )
      : null,
  );
  for (const d of list.querySelectorAll<HTMLDetailsElement>('details.req-events'))
    d.open = was.events.has(d.dataset['requestId']);
  return list;
}

/** The caller, their requests and their past calls. */
function callBody(call: CurrentCall, was: OpenState, opts: PopPanelOptions): Array<HTMLElement> {
  const phone = callerPhoneText(call);
  const calls = Array.isArray(call.history?.calls) ? call.history.calls : [];
  const requests = Array.isArray(call.history?.requests) ? call.history.requests : [];
  const known = calls.length > 0 || requests.length > 0 || Boolean(call.caller.name);
  return [
    h(
      'div',
      { class: 'caller' },
      phone
        ? ltr(phone, { class: 'pop-phone', testid: 'pop-phone' })
        : h('span', { class: 'pop-phone hidden-number', testid: 'pop-phone', i18n: 'popHidden' }),
      call.caller.name
        ? h('div', { class: 'caller-name' }, h('bdi', { testid: 'pop-name', text: call.caller.name }))
        : null,
      callMarkers(call, phone, known),
    ),
    h('h3', { class: 'sub-head', i18n: 'popRequests' }),
    requestList(requests, was, opts.onRequest),
    h('h3', { class: 'sub-head', i18n: 'popCalls' }),
    callHistory(calls),
  ];
}

export function buildPopPanel(store: DeskStore, opts: PopPanelOptions): HTMLElement {
  const chip = h('span', { class: 'call-chip', testid: 'pop-state' });
  const body = h('div', { class: 'pop-body' });
  const el = h(
    'section',
    { class: 'panel pop', testid: 'pop-panel', attrs: { 'aria-labelledby': 'pop-title' } },
    h('div', { class: 'panel-head' }, h('h2', { id: 'pop-title', i18n: 'popTitle' }), chip),
    body,
  );
  let drawnCallId: string | null | undefined;

  const drawChip = (call: CurrentCall | null) => {
    const phase = callPhase(call);
    el.dataset['callState'] = phase;
    chip.hidden = phase === 'idle';
    chip.textContent = phase === 'ringing' ? t('popRinging') : phase === 'talking' ? t('popTalking') : t('popEnded');
  };

  const drawBody = (call: CurrentCall | null) => {
    // The same call's history again (a note added, a request linked): keep open what was open.
    const was = openStateOf(body, call !== null && call.callId === drawnCallId);
    drawnCallId = call?.callId ?? null;
    if (!call) replace(body, h('p', { class: 'empty idle', i18n: 'popIdle' }));
    else replace(body, ...callBody(call, was, opts));
  };

  const draw = (force: boolean) => {
    const call = store.get().call;
    drawChip(call);
    // Redraw the body only for another call (or a new language): keeps open <details> as they are.
    if (force || (call?.callId ?? null) !== drawnCallId) drawBody(call);
  };

  store.subscribe((s, prev) => draw(s.call !== prev.call && s.call?.history !== prev.call?.history));
  onLangChange(() => draw(true));
  draw(true);
  return el;
}
