// What the triage card does over REST: register a request from a message (category and place from
// the desk's form), add the sender to an existing request, close a corrected item, dismiss spam.
import { t, type StringKey } from '../i18n/i18n.ts';
import { get, post, qs, type ApiResult } from '../lib/api.ts';
import { normalizeDigits } from '../lib/digits.ts';
import { errorText } from '../lib/error-text.ts';
import { notify } from '../lib/notice.ts';
import type { PastRequest, TriageItem } from './types.ts';

/** The form's selection, as the desk's duplicates panel reads it. */
export type Selection = { categoryId: string; neighbourhoodId: string; lat: string; lng: string };

// Channels a request records; Open311 comes in through an app.
const CHANNEL: Record<TriageItem['source'], string> = { sms: 'sms', web: 'web', open311: 'app' };

function failed(r: ApiResult<unknown>): boolean {
  if (r.ok) return false;
  notify(t('trFailed', { message: errorText(r.status, r.error) }), 'error');
  return true;
}

/** A new request from the message (description and sender from the item), then the item is done. */
export async function registerFrom(item: TriageItem, sel: Selection, description: string): Promise<PastRequest | null> {
  if (!sel.categoryId) return (notify(t('trNeedCategory'), 'error'), null);
  const body: Record<string, unknown> = {
    categoryId: sel.categoryId,
    description: description.trim() || item.text,
    channel: CHANNEL[item.source],
    ...(sel.neighbourhoodId ? { neighbourhoodId: sel.neighbourhoodId } : {}),
    ...(sel.lat && sel.lng ? { lat: Number(normalizeDigits(sel.lat)), lng: Number(normalizeDigits(sel.lng)) } : {}),
    ...(item.phone ? { phone: item.phone } : {}),
  };
  const created = await post<PastRequest>('/api/v1/requests', body, { 'Idempotency-Key': `triage-${item.id}` });
  if (failed(created) || !created.ok) return null;
  const done = await post(`/api/v1/triage/${item.id}/register`, { requestId: created.data.id });
  if (failed(done)) return null;
  notify(t('trRegistered', { code: created.data.trackingCode }));
  return created.data;
}

/** The sender becomes one more reporter on the request with this tracking code. */
export async function linkByCode(item: TriageItem, code: string): Promise<PastRequest | null> {
  const found = await get<PastRequest[]>(`/api/v1/requests${qs({ trackingCode: normalizeDigits(code) })}`);
  const target = found.ok ? found.data[0] : undefined;
  if (!target) return (notify(t('trBadCode'), 'error'), null);
  const r = await post(`/api/v1/triage/${item.id}/link`, { requestId: target.id });
  if (failed(r)) return null;
  notify(t('trLinked', { code: target.trackingCode }));
  return target;
}

/**
 * An item about a request: the category and place chosen in the form (when any) go to the request
 * (its history keeps old → new and it is re-routed), then the item is closed.
 */
export async function fixAndClose(item: TriageItem, sel: Selection): Promise<boolean> {
  if (!item.requestId) return false;
  const fix = {
    ...(sel.categoryId ? { categoryId: sel.categoryId } : {}),
    ...(sel.neighbourhoodId ? { neighbourhoodId: sel.neighbourhoodId } : {}),
  };
  if (Object.keys(fix).length && failed(await post(`/api/v1/requests/${item.requestId}/triage-fix`, fix))) return false;
  return close(item, 'resolve');
}

/** Closes the item: corrected (`resolve`) or dismissed with a reason. */
export async function close(item: TriageItem, how: 'resolve' | 'dismiss', reason = ''): Promise<boolean> {
  const r = await post(`/api/v1/triage/${item.id}/${how}`, how === 'dismiss' ? { reason } : undefined);
  if (failed(r)) return false;
  notify(t('trClosed'));
  return true;
}

export const REASON_KEYS: Record<string, StringKey> = {
  'free-text': 'trReasonFreeText',
  'unclear-category': 'trReasonUnclearCategory',
  'no-place': 'trReasonNoPlace',
  'possible-duplicate': 'trReasonPossibleDuplicate',
};

export const SOURCE_KEYS: Record<TriageItem['source'], StringKey> = {
  sms: 'trSourceSms',
  web: 'trSourceWeb',
  open311: 'trSourceOpen311',
};
