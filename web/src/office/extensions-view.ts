// Units' requests for more time, oldest first, for a 137 supervisor to grant or refuse, each with
// the unit's reason, the deadline now and the one it would become.
import { h, replace } from '../lib/dom.ts';
import { getLang, onLangChange, t, type StringKey } from '../i18n/i18n.ts';
import { get, post } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { notify } from '../lib/notice.ts';
import { codeEl, dateEl, deadlineEl, nameIn } from './format.ts';
import { moveFocus, type OfficeContext, type View } from './view.ts';
import type { ExtensionItem } from './types.ts';

async function decide(
  x: ExtensionItem,
  decision: 'granted' | 'refused',
  note: string,
  buttons: HTMLButtonElement[],
): Promise<boolean> {
  for (const b of buttons) b.disabled = true;
  const r = await post(`/api/v1/extensions/${x.id}/decision`, { decision, ...(note ? { note } : {}) });
  for (const b of buttons) b.disabled = false;
  if (!r.ok) {
    notify(t('ofActionFailed', { message: errorText(r.status, r.error) }), 'error');
    return false;
  }
  notify(t(decision === 'granted' ? 'ofGrantSaved' : 'ofRefuseSaved'));
  return true;
}

function extensionItem(x: ExtensionItem, now: number, decided: () => void): HTMLElement {
  const note = h('input', {
    testid: 'ext-note',
    attrs: { type: 'text', dir: 'auto', 'aria-label': t('ofDecisionNote'), placeholder: t('ofDecisionNote') },
  });
  const button = (testid: string, cls: string, label: StringKey) =>
    h('button', { class: `btn btn-small ${cls}`, testid, i18n: label, attrs: { type: 'button' } });
  const grant = button('ext-grant', 'btn-primary', 'ofActGrant');
  const refuse = button('ext-refuse', 'btn-danger-quiet', 'ofActRefuse');
  const go = (d: 'granted' | 'refused') =>
    void decide(x, d, note.value.trim(), [grant, refuse]).then((ok) => ok && decided());
  grant.addEventListener('click', () => go('granted'));
  refuse.addEventListener('click', () => go('refused'));
  return h(
    'li',
    { class: 'panel of-ext', testid: 'ext-item', attrs: { 'data-request-id': x.requestId } },
    h(
      'div',
      { class: 'of-row-head' },
      h('a', { class: 'of-code-link', attrs: { href: `#/request/${x.requestId}` } }, codeEl(x.trackingCode)),
      h('strong', {}, nameIn(x.unitFa, x.unitEn, getLang())),
      h('span', { class: 'flag flag-warn' }, t('ofExtensionAsk', { span: t('ofHoursN', { n: x.hours }) })),
    ),
    h('p', { class: 'event-text' }, h('bdi', {}, x.reason)),
    h(
      'div',
      { class: 'of-row-line muted' },
      h('span', {}, t('ofRequestedAt'), ' ', dateEl(x.requestedAt)),
      x.requestedBy ? h('bdi', {}, x.requestedBy) : null,
      deadlineEl(x.deadlineAt, now),
    ),
    h('div', { class: 'of-ext-actions' }, note, grant, refuse),
  );
}

export function buildExtensionsView(_ctx: OfficeContext): View {
  let items: ExtensionItem[] = [];
  let stale = false;
  const list = h('ul', { class: 'of-ext-list', testid: 'ext-list' });
  const status = h('p', { class: 'empty', attrs: { role: 'status' } });
  const el = h(
    'section',
    { class: 'of-page of-extensions', testid: 'extensions', attrs: { 'aria-labelledby': 'ext-title' } },
    h('div', { class: 'of-toolbar' }, h('h2', { id: 'ext-title', i18n: 'ofExtensionsTitle' })),
    h('p', { class: 'muted', i18n: 'ofExtensionsIntro' }),
    list,
    status,
  );
  const draw = () => {
    const now = Date.now();
    replace(list, ...items.map((x) => extensionItem(x, now, () => void load())));
    status.textContent = items.length === 0 ? t('ofExtensionsEmpty') : '';
  };
  const load = async () => {
    const r = await get<{ items: ExtensionItem[] }>('/api/v1/extensions?status=pending');
    if (!r.ok) {
      status.textContent = t('ofLoadFailed', { message: errorText(r.status, r.error) });
      return;
    }
    items = Array.isArray(r.data.items) ? r.data.items : [];
    stale = false;
    draw();
  };
  onLangChange(draw);
  void load();
  return {
    el,
    shown: () => {
      if (stale) void load();
    },
    changed: () => {
      if (el.isConnected) void load();
      else stale = true;
    },
    key: (e) => moveFocus(e, Array.from(list.querySelectorAll<HTMLElement>('.of-code-link'))),
    legend: () => [
      ['J / K', 'ofKeyMove'],
      ['Enter', 'ofKeyOpen'],
    ],
  };
}
