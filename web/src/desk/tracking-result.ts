// The tracking code, large and grouped for reading aloud ("۱۲۳ ۴۵۶ ۷۸"), with a copy button.
import { h, replace } from '../lib/dom.ts';
import { t, onLangChange } from '../i18n/i18n.ts';
import { digitsOnly } from '../lib/digits.ts';
import { trackingCodeEl } from './request-card.ts';

export type ResultKind = 'created' | 'linked';

export interface TrackingResult {
  el: HTMLElement;
  show: (code: string, kind: ResultKind) => void;
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
  const el = h(
    'section',
    { class: 'result', testid: 'tracking-result', attrs: { hidden: true, 'aria-live': 'polite' } },
    message,
    h('div', { class: 'result-row' }, codeBox, copy, copyState, close),
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
    show: (code, kind) => {
      current = { code, kind };
      copyState.textContent = '';
      el.hidden = false;
      draw();
      el.scrollIntoView({ block: 'nearest' });
    },
    hide,
    visible: () => !el.hidden,
  };
}
