// What a supervisor can do to an operator from the grid: listen, whisper, barge (their own phone
// rings, then joins the call) as buttons, and pause with a reason, make ready or log out from one
// compact menu. Every one of them is a REST call the server writes to the audit log.
import { h } from '../lib/dom.ts';
import { t, type StringKey } from '../i18n/i18n.ts';
import { post } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { notify } from '../lib/notice.ts';
import { PAUSE_REASONS, reasonLabel } from '../lib/operator-state.ts';
import type { OperatorRow, SpyMode, SpyStarted } from './types.ts';

const SPY: Array<{ mode: SpyMode; label: StringKey; long: StringKey }> = [
  { mode: 'listen', label: 'wbListen', long: 'wbListenLong' },
  { mode: 'whisper', label: 'wbWhisper', long: 'wbWhisperLong' },
  { mode: 'barge', label: 'wbBarge', long: 'wbBargeLong' },
];

export interface ActionCell {
  el: HTMLElement;
  /** Enable what makes sense for the row's state now. */
  update: (row: OperatorRow, phone: string | null) => void;
}

export function buildActionCell(initial: OperatorRow): ActionCell {
  let row = initial;
  const run = async (label: string, path: string, body?: unknown) => {
    const r = await post<SpyStarted | unknown>(path, body);
    if (!r.ok) {
      notify(t('wbActionFailed', { action: label, message: errorText(r.status, r.error) }), 'error');
      return;
    }
    const spy = r.data as Partial<SpyStarted>;
    notify(
      spy?.actionId
        ? t('wbSpyStarted', { phone: spy.phone ?? '', action: label, name: row.displayName })
        : t('wbActionDone', { action: label, name: row.displayName }),
    );
  };

  const spyButtons = SPY.map(({ mode, label }) =>
    h('button', {
      class: `btn btn-small wb-act wb-act-${mode}`,
      testid: `wb-${mode}`,
      i18n: label,
      attrs: { type: 'button' },
      on: { click: () => void run(t(label), `/api/v1/supervision/${row.id}/${mode}`) },
    }),
  );
  // Values: "pause:<reason>", "ready", "logout".
  const menu = h('select', { class: 'compact wb-act-menu', testid: 'wb-state-menu' });
  let menuLang = '';
  const fillMenu = () => {
    menuLang = t('wbMoreMenu');
    menu.replaceChildren(
      h('option', { attrs: { value: '' } }, t('wbMoreMenu')),
      h(
        'optgroup',
        { attrs: { label: t('btnPause') } },
        ...PAUSE_REASONS.map((r) =>
          h('option', { attrs: { value: `pause:${r}` } }, t('wbPauseAs', { reason: reasonLabel(r) })),
        ),
      ),
      h('option', { attrs: { value: 'ready' } }, t('wbUnpauseLong')),
      h('option', { attrs: { value: 'logout' } }, t('wbLogoutLong')),
    );
  };
  fillMenu();
  menu.addEventListener('change', () => {
    const v = menu.value;
    const text = menu.selectedOptions[0]?.textContent ?? v;
    menu.value = '';
    if (v.startsWith('pause:')) void run(text, `/api/v1/operators/${row.id}/pause`, { reason: v.slice(6) });
    else if (v === 'ready') void run(text, `/api/v1/operators/${row.id}/unpause`);
    else if (v === 'logout') void run(text, `/api/v1/operators/${row.id}/logout`);
  });
  const el = h('div', { class: 'wb-actions' }, ...spyButtons, menu);

  return {
    el,
    update(next, phone) {
      row = next;
      const inQueue = row.state !== 'logged-out';
      for (const [i, b] of spyButtons.entries()) {
        b.disabled = !inQueue || !phone;
        b.title = phone ? t('wbActionFor', { action: t(SPY[i]!.long), name: row.displayName }) : t('wbNoPhone');
        b.setAttribute('aria-label', b.title);
      }
      if (menuLang !== t('wbMoreMenu')) fillMenu();
      menu.disabled = !inQueue;
      menu.setAttribute('aria-label', t('wbActionFor', { action: t('wbColState'), name: row.displayName }));
      const ready = menu.querySelector<HTMLOptionElement>('option[value=ready]');
      if (ready) ready.disabled = row.state === 'ready';
    },
  };
}
