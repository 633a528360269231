// What a supervisor can do to an operator from the grid: listen, whisper, barge (their own phone
// rings, then joins the call), pause with a reason, make ready, log out. Every one of them is a
// REST call the server writes to the audit log.
import { h } from '../lib/dom.ts';
import { t, type StringKey } from '../i18n/i18n.ts';
import { post } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { notify } from '../desk/notice.ts';
import { reasonLabel } from '../desk/state-view.ts';
import { PAUSE_REASONS } from '../desk/types.ts';
import type { OperatorRow, SpyMode, SpyStarted } from './types.ts';

const SPY: Array<{ mode: SpyMode; label: StringKey }> = [
  { mode: 'listen', label: 'wbListen' },
  { mode: 'whisper', label: 'wbWhisper' },
  { mode: 'barge', label: 'wbBarge' },
];

export interface ActionCell {
  el: HTMLElement;
  /** Enable what makes sense for the row's state now. */
  update: (row: OperatorRow, phone: string | null) => void;
}

export function buildActionCell(initial: OperatorRow): ActionCell {
  let row = initial;
  const run = async (label: StringKey, path: string, body?: unknown) => {
    const r = await post<SpyStarted | unknown>(path, body);
    const action = t(label);
    if (!r.ok) {
      notify(t('wbActionFailed', { action, message: errorText(r.status, r.error) }), 'error');
      return;
    }
    const spy = r.data as Partial<SpyStarted>;
    notify(spy?.actionId ? t('wbSpyStarted', { phone: spy.phone ?? '', action, name: row.displayName }) : t('wbActionDone', { action, name: row.displayName }));
  };

  const spyButtons = SPY.map(({ mode, label }) =>
    h('button', {
      class: `btn btn-small wb-act wb-act-${mode}`, testid: `wb-${mode}`, i18n: label,
      attrs: { type: 'button' },
      on: { click: () => void run(label, `/api/v1/supervision/${row.id}/${mode}`) },
    }));
  const pause = h('select', { class: 'compact wb-act-pause', testid: 'wb-pause' });
  const fillPause = () => pause.replaceChildren(
    h('option', { attrs: { value: '' } }, t('wbPauseMenu')),
    ...PAUSE_REASONS.map((r) => h('option', { attrs: { value: r } }, reasonLabel(r))));
  fillPause();
  pause.addEventListener('change', () => {
    const reason = pause.value;
    pause.value = '';
    if (reason) void run('btnPause', `/api/v1/operators/${row.id}/pause`, { reason });
  });
  const unpause = h('button', { class: 'btn btn-small btn-ready', testid: 'wb-unpause', i18n: 'wbUnpause', attrs: { type: 'button' }, on: { click: () => void run('wbUnpause', `/api/v1/operators/${row.id}/unpause`) } });
  const logout = h('button', { class: 'btn btn-small btn-quiet', testid: 'wb-logout', i18n: 'wbLogout', attrs: { type: 'button' }, on: { click: () => void run('wbLogout', `/api/v1/operators/${row.id}/logout`) } });
  const el = h('div', { class: 'wb-actions' }, ...spyButtons, pause, unpause, logout);

  return {
    el,
    update(next, phone) {
      row = next;
      const inQueue = row.state !== 'logged-out';
      for (const [i, b] of spyButtons.entries()) {
        b.disabled = !inQueue || !phone;
        b.title = phone ? t('wbActionFor', { action: t(SPY[i]!.label), name: row.displayName }) : t('wbNoPhone');
      }
      pause.disabled = !inQueue;
      pause.setAttribute('aria-label', t('wbActionFor', { action: t('btnPause'), name: row.displayName }));
      if (pause.options[0]?.textContent !== t('wbPauseMenu')) fillPause();
      unpause.disabled = !inQueue || row.state === 'ready';
      logout.disabled = !inQueue;
    },
  };
}
