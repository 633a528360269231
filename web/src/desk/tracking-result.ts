// The tracking code, large and grouped for reading aloud ("۱۲۳ ۴۵۶ ۷۸"), with a copy button.
import { get, post } from '../lib/api.ts';
import { h, replace } from '../lib/dom.ts';
import { t, onLangChange } from '../i18n/i18n.ts';
import { digitsOnly } from '../lib/digits.ts';
import { trackingCodeEl } from './request-card.ts';

export type ResultKind = 'created' | 'linked';

export interface TrackingResult {
  el: HTMLElement;
  /** `requestId` of a new registration offers the SMS button (when SMS is on). */
  show: (code: string, kind: ResultKind, requestId?: string) => void;
  hide: () => void;
  visible: () => boolean;
}

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall back below
  }
  const area = h('textarea', { class: 'sr-only', attrs: { readonly: true, 'aria-hidden': 'true' } });
  area.value = text;
  document.body.append(area);
  area.select();
  let ok: boolean;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

export function buildTrackingResult(): TrackingResult {
  const message = h('p', { class: 'result-message' });
  const codeBox = h('div', { class: 'result-code', testid: 'tracking-code' });
  const copyState = h('span', { class: 'copy-state', attrs: { role: 'status' } });
  const copy = h('button', { class: 'btn', testid: 'tracking-copy', i18n: 'resultCopy', attrs: { type: 'button' } });
  const close = h('button', {
    class: 'btn btn-quiet',
    testid: 'tracking-close',
    i18n: 'resultClose',
    attrs: { type: 'button' },
  });
  const sms = buildSmsOffer();
  const el = h(
    'section',
    { class: 'result', testid: 'tracking-result', attrs: { hidden: true, 'aria-live': 'polite' } },
    message,
    h('div', { class: 'result-row' }, codeBox, copy, copyState, close),
    sms.el,
  );
  let current: { code: string; kind: ResultKind } | null = null;

  const draw = () => {
    if (!current) return;
    message.textContent = t(current.kind === 'created' ? 'resultCreated' : 'resultLinked');
    codeBox.dataset['code'] = current.code;
    replace(codeBox, trackingCodeEl(current.code, 'code-big'));
  };

  copy.addEventListener('click', async () => {
    if (!current) return;
    // Latin digits: the code is pasted into SMS, spreadsheets and other systems.
    const ok = await copyText(digitsOnly(current.code));
    copyState.textContent = ok ? t('resultCopied') : t('resultCopyFailed');
    setTimeout(() => {
      copyState.textContent = '';
    }, 3000);
  });
  const hide = () => {
    current = null;
    el.hidden = true;
  };
  close.addEventListener('click', hide);
  onLangChange(draw);

  return {
    el,
    show: (code, kind, requestId) => {
      current = { code, kind };
      sms.offer(kind === 'created' ? (requestId ?? null) : null);
      copyState.textContent = '';
      el.hidden = false;
      draw();
      el.scrollIntoView({ block: 'nearest' });
    },
    hide,
    visible: () => !el.hidden,
  };
}

/**
 * "Send the tracking code by SMS": shown only when the server has SMS on. Pressing it is the
 * operator's confirmation that the citizen agreed (the server stores that consent).
 */
function buildSmsOffer(): { el: HTMLElement; offer: (requestId: string | null) => void } {
  const button = h('button', { class: 'btn', testid: 'tracking-sms', i18n: 'resultSms', attrs: { type: 'button' } });
  const state = h('span', { class: 'copy-state', testid: 'tracking-sms-state', attrs: { role: 'status' } });
  const el = h('div', { class: 'result-row', attrs: { hidden: true } }, button, state);
  let enabled: Promise<boolean> | null = null;
  let requestId: string | null = null;
  button.addEventListener('click', async () => {
    if (!requestId) return;
    button.disabled = true;
    state.textContent = t('resultSmsSending');
    const r = await post(`/api/v1/requests/${requestId}/sms`, { template: 'registered' });
    state.textContent = t(r.ok ? 'resultSmsSent' : r.status === 409 ? 'resultSmsNoPhone' : 'resultSmsFailed');
    button.disabled = r.ok;
  });
  return {
    el,
    offer: (id) => {
      requestId = id;
      el.hidden = true;
      state.textContent = '';
      button.disabled = false;
      if (!id) return;
      // Asked once per page: SMS is switched on or off by configuration, with a restart.
      enabled ??= get<{ enabled: boolean }>('/api/v1/sms/status').then((r) => r.ok && r.data.enabled);
      void enabled.then((on) => {
        if (requestId === id) el.hidden = !on;
      });
    },
  };
}
