// The triage item on the desk (blended work): a web, SMS or Open311 submission that needs a person,
// offered to this ready operator when no call rings, with the sender's past requests as a
// screen-pop. Free text → register from it (category and place from the form) or add the sender to
// an existing request; an item about a request → close once corrected; spam → dismiss with a reason.
import { h, replace } from '../lib/dom.ts';
import { d, getLang, onLangChange, t, type StringKey } from '../i18n/i18n.ts';
import { dateEl, trackingCodeEl } from './request-card.ts';
import { statusLabel } from './request-status.ts';
import {
  close,
  fixAndClose,
  linkByCode,
  REASON_KEYS,
  registerFrom,
  SOURCE_KEYS,
  type Selection,
} from './triage-actions.ts';
import type { PastRequest, TriageOffer, TriageWithdrawn } from './types.ts';
import { notify } from '../lib/notice.ts';

export interface TriageCard {
  el: HTMLElement;
  offer(o: TriageOffer): void;
  withdrawn(w: TriageWithdrawn): void;
  /** The desk form whose category and place a registration takes. */
  bind(selection: () => Selection): void;
}

export interface TriageCardDeps {
  /** A request registered or linked from the item joins the desk's list. */
  onRequest: (r: PastRequest) => void;
}

function historyEl(o: TriageOffer): HTMLElement {
  const { requests } = o.history;
  return h(
    'div',
    { class: 'cb-history' },
    h('h3', { i18n: 'trHistory' }),
    requests.length
      ? h(
          'ul',
          { class: 'cb-requests', testid: 'tr-history' },
          ...requests.map((r) =>
            h(
              'li',
              {},
              trackingCodeEl(r.trackingCode),
              ' · ',
              getLang() === 'en' ? r.categoryEn : r.categoryFa,
              ' · ',
              statusLabel(r.status),
            ),
          ),
        )
      : h('p', { class: 'muted', testid: 'tr-history', i18n: 'trNoHistory' }),
  );
}

function summaryEl(o: TriageOffer): HTMLElement {
  const i = o.item;
  return h(
    'div',
    { class: 'cb-summary' },
    h(
      'p',
      { class: 'cb-why', testid: 'tr-source' },
      t(SOURCE_KEYS[i.source]),
      ' · ',
      dateEl(i.createdAt, false),
      ' · ',
      ...i.reasons.map((r) => h('span', { class: 'badge tr-reason', text: t(REASON_KEYS[r] ?? 'trReasonFreeText') })),
    ),
    i.phone ? h('p', { class: 'cb-why muted', i18n: 'trSender' }) : null,
    i.phone
      ? h(
          'p',
          { class: 'cb-phone', testid: 'tr-phone' },
          h('bdi', { attrs: { dir: 'ltr' } }, d(i.phoneDisplay ?? i.phone)),
        )
      : null,
    i.trackingCode
      ? h('p', { class: 'cb-why' }, h('span', { i18n: 'trRequest' }), ' ', trackingCodeEl(i.trackingCode))
      : null,
    // What the citizen wrote, in its own direction whatever the interface language.
    h('p', { class: 'tr-text', testid: 'tr-text', text: i.text, attrs: { dir: 'auto' } }),
  );
}

type Button = (label: StringKey, testid: string, fn: () => Promise<boolean>, primary?: boolean) => HTMLElement;
interface Inputs {
  desc: HTMLTextAreaElement;
  code: HTMLInputElement;
  reason: HTMLInputElement;
}
interface ActionDeps {
  button: Button;
  selection: () => Selection;
  done: (r: PastRequest | null) => boolean;
}

/** Register (free text) or apply the corrections (an item about a request); link; dismiss. */
function actionsEl(o: TriageOffer, { desc, code, reason }: Inputs, a: ActionDeps): HTMLElement[] {
  const item = o.item;
  const first = item.requestId
    ? [a.button('trResolve', 'tr-resolve', () => fixAndClose(item, a.selection()), true)]
    : [
        h('p', { class: 'muted', i18n: 'trRegisterHint' }),
        desc,
        a.button(
          'trRegister',
          'tr-register',
          async () => a.done(await registerFrom(item, a.selection(), desc.value)),
          true,
        ),
      ];
  return [
    h('div', { class: 'cb-outcomes' }, ...first),
    h(
      'div',
      { class: 'cb-outcomes' },
      h('label', {}, h('span', { i18n: 'trLinkCode' }), code),
      a.button('trLink', 'tr-link', async () => a.done(await linkByCode(item, code.value))),
    ),
    h(
      'div',
      { class: 'cb-outcomes' },
      h('label', {}, h('span', { i18n: 'trDismissReason' }), reason),
      a.button('trDismiss', 'tr-dismiss', () =>
        reason.value.trim() ? close(item, 'dismiss', reason.value.trim()) : (reason.focus(), Promise.resolve(false)),
      ),
    ),
  ];
}

/** The card; hidden while no item is offered to this desk. */
export function buildTriageCard(deps: TriageCardDeps): TriageCard {
  const el = h('section', { class: 'callback-card triage-card', testid: 'triage-card', attrs: { hidden: true } });
  let current: TriageOffer | null = null;
  let busy = false;
  // The operator picks category and place in the desk's form, as for a call.
  let selection = (): Selection => ({ categoryId: '', neighbourhoodId: '', lat: '', lng: '' });
  const desc = h('textarea', { class: 'tr-description', testid: 'tr-description', attrs: { rows: 3, dir: 'auto' } });
  const code = h('input', { class: 'tr-code', testid: 'tr-code', attrs: { type: 'text', dir: 'ltr', maxlength: 20 } });
  const reason = h('input', { class: 'cb-note', testid: 'tr-reason', attrs: { type: 'text', maxlength: 500 } });

  const run = async (fn: () => Promise<boolean>) => {
    if (!current || busy) return;
    busy = true;
    render();
    const settled = await fn().catch(() => false);
    busy = false;
    if (settled) current = null;
    render();
  };
  const done = (r: PastRequest | null) => (r ? (deps.onRequest(r), true) : false);
  const button: Button = (label, testid, fn, primary = false) =>
    h('button', {
      class: `btn${primary ? ' primary' : ''}`,
      testid,
      i18n: label,
      attrs: { type: 'button', disabled: busy },
      on: { click: () => void run(fn) },
    });

  const inputs = { desc, code, reason };
  const actions = (o: TriageOffer) => actionsEl(o, inputs, { button, selection: () => selection(), done });
  const render = () => {
    if (!current) {
      el.hidden = true;
      replace(el);
      return;
    }
    el.hidden = false;
    el.dataset['status'] = current.item.status;
    replace(el, h('h2', { i18n: 'trTitle' }), summaryEl(current), ...actions(current), historyEl(current));
  };
  // Built with t(): drawn again in the other language.
  onLangChange(() => render());

  return {
    el,
    offer(o) {
      if (current?.item.id !== o.item.id) {
        desc.value = o.item.text;
        code.value = '';
        reason.value = '';
      }
      current = o;
      render();
    },
    bind(fn) {
      selection = fn;
    },
    withdrawn(w) {
      if (current?.item.id !== w.id) return;
      current = null;
      if (w.reason === 'not-ready') notify(t('trGone'));
      render();
    },
  };
}
