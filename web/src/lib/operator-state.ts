// The operator's pause reasons and their words, shared by the desk (its own pause menu) and the
// wallboard (a supervisor pausing someone, the alerts): one list, so both offer the same reasons.
import { t, type StringKey } from '../i18n/i18n.ts';
import type { PauseReason } from './server-types.ts';

export const PAUSE_REASONS = [
  'break',
  'prayer',
  'training',
  'meeting',
  'technical',
  'other',
] as const satisfies readonly PauseReason[];

const REASON_KEYS: Record<string, StringKey> = {
  break: 'reasonBreak',
  prayer: 'reasonPrayer',
  training: 'reasonTraining',
  meeting: 'reasonMeeting',
  technical: 'reasonTechnical',
  other: 'reasonOther',
};

/** "Prayer" for 'prayer'; a reason the table does not know is shown as the server sent it. */
export function reasonLabel(reason: string | null): string {
  if (!reason) return '';
  const key = REASON_KEYS[reason];
  return key ? t(key) : reason;
}
