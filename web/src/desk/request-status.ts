// Request statuses as words. The server's status codes follow the life cycle of a 137 request
// (register, refer, follow up, feedback, special follow-up, close); unknown codes show as they are.
import { t, type StringKey } from '../i18n/i18n.ts';
import type { PastRequest } from './types.ts';

const STATUS_KEYS: Record<string, StringKey> = {
  new: 'statusRegistered',
  open: 'statusRegistered',
  registered: 'statusRegistered',
  referred: 'statusReferred',
  'in-progress': 'statusInProgress',
  in_progress: 'statusInProgress',
  done: 'statusDone',
  resolved: 'statusDone',
  feedback: 'statusFeedback',
  'feedback-positive': 'statusSatisfied',
  'feedback-negative': 'statusUnsatisfied',
  'special-follow-up': 'statusSpecial',
  special_follow_up: 'statusSpecial',
  closed: 'statusClosed',
  rejected: 'statusRejected',
  returned: 'statusReturned',
};

export function statusLabel(status: string): string {
  const key = STATUS_KEYS[status];
  return key ? t(key) : status;
}

export function isClosed(r: PastRequest): boolean {
  return Boolean(r.closedAt) || r.status === 'closed' || r.status === 'rejected';
}

/** Open requests first (newest first), then closed ones (newest first). */
export function sortRequests(list: PastRequest[]): { open: PastRequest[]; closed: PastRequest[] } {
  const byNewest = (a: PastRequest, b: PastRequest) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '');
  return {
    open: list.filter((r) => !isClosed(r)).sort(byNewest),
    closed: list.filter(isClosed).sort(byNewest),
  };
}
