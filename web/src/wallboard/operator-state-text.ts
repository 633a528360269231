// An operator's state in words, as the grid and the TV tiles show it, and the pause a supervisor
// ordered: pending while the call lasts, then who ordered it.
import { h } from '../lib/dom.ts';
import { t, type StringKey } from '../i18n/i18n.ts';
import { reasonLabel } from '../lib/operator-state.ts';
import type { OperatorRow } from './types.ts';

const STATE_KEYS: Record<string, StringKey> = {
  ready: 'stateReady',
  ringing: 'stateRinging',
  talking: 'stateTalking',
  'wrap-up': 'stateWrapUp',
  paused: 'statePaused',
  'logged-out': 'stateLoggedOut',
};
export const stateText = (r: OperatorRow) =>
  r.state === 'paused' && r.reason
    ? t('statePausedReason', { reason: reasonLabel(r.reason) })
    : t(STATE_KEYS[r.state] ?? 'stateUnknown');

/** Beside the state badge: "Pause after call: Meeting" during the call, "Paused by …" after. */
export function pauseChips(r: OperatorRow): Array<HTMLElement | null> {
  return [
    r.pendingPause
      ? h(
          'span',
          {
            class: 'wb-chip wb-chip-pending',
            testid: 'wb-op-pending-pause',
            attrs: {
              title: r.pausedBy ? t('pausePendingBy', { reason: reasonLabel(r.pendingPause), by: r.pausedBy }) : '',
            },
          },
          t('wbPendingPause', { reason: reasonLabel(r.pendingPause) }),
        )
      : null,
    r.state === 'paused' && r.pausedBy
      ? h('span', { class: 'wb-op-paused-by muted', testid: 'wb-op-paused-by' }, t('pausedBy', { by: r.pausedBy }))
      : null,
  ];
}
