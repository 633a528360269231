// The operator's state as words and colour, and the live clocks in the header.
import { t } from '../i18n/i18n.ts';
import type { StringKey } from '../i18n/i18n.ts';
import { formatDuration } from '../lib/jalali.ts';
import { reasonLabel } from '../lib/operator-state.ts';
import type { CurrentCall } from './store.ts';
import type { OperatorStateChanged } from './types.ts';

const secondsBetween = (fromIso: string, to: number) => (to - new Date(fromIso).getTime()) / 1000;

/** The badge text: "Paused: Prayer", "Wrap-up: 00:25" (counting down to `until`). */
export function stateLabel(op: OperatorStateChanged | null, now: number, lang: 'fa' | 'en'): string {
  if (!op) return t('stateUnknown');
  switch (op.state) {
    case 'ready':
      return t('stateReady');
    case 'logged-out':
      return t('stateLoggedOut');
    case 'ringing':
      return t('stateRinging');
    case 'talking':
      return t('stateTalking');
    case 'paused':
      return op.reason ? t('statePausedReason', { reason: reasonLabel(op.reason) }) : t('statePaused');
    case 'wrap-up':
      return op.until
        ? t('stateWrapUpLeft', { time: formatDuration(-secondsBetween(op.until, now), lang) })
        : t('stateWrapUp');
    default:
      return t('stateUnknown');
  }
}

/**
 * Beside the badge: a pause a supervisor ordered during the call ("Pause after this call: Meeting,
 * by Sara") or who ordered the pause now on; null when there is nothing to say.
 */
export function pauseNote(op: OperatorStateChanged | null): string | null {
  if (!op) return null;
  const by = op.pausedBy ?? null;
  if (op.pendingPause) {
    const reason = reasonLabel(op.pendingPause);
    return by ? t('pausePendingBy', { reason, by }) : t('pausePending', { reason });
  }
  return op.state === 'paused' && by ? t('pausedBy', { by }) : null;
}

export interface CallClock {
  label: StringKey;
  text: string;
}

/** Ringing: time since it started ringing. Answered: talk time (frozen once the call ended). */
export function callClock(call: CurrentCall | null, now: number, lang: 'fa' | 'en'): CallClock | null {
  if (!call) return null;
  if (call.answeredAt) {
    const end = call.endedAt ? new Date(call.endedAt).getTime() : now;
    return { label: 'callTimerLabel', text: formatDuration(secondsBetween(call.answeredAt, end), lang) };
  }
  if (call.endedAt) return null;
  return { label: 'ringTimerLabel', text: formatDuration(secondsBetween(call.ringingAt, now), lang) };
}
