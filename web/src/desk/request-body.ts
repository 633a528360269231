// From what the operator typed to the body of POST /api/v1/requests, or the first thing to fix.
import { d, t, type StringKey } from '../i18n/i18n.ts';
import type { ApiResult } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { toE164 } from '../lib/phone.ts';
import { DESCRIPTION_MAX } from '../lib/limits.ts';
import { parsePoint } from '../lib/geo.ts';

export { DESCRIPTION_MAX };

export interface RequestInput {
  callId: string | null;
  phone: string;
  categoryId: string;
  neighbourhoodId: string;
  address: string;
  /** The map point as typed ("36.2972, 59.6067"), or "". */
  point: string;
  description: string;
  hazard: boolean;
}

export interface NewRequestBody {
  callId?: string;
  phone?: string;
  categoryId: string;
  neighbourhoodId?: string;
  address?: string;
  lat?: number;
  lng?: number;
  description: string;
  hazard: boolean;
}

export type BodyResult =
  | { ok: true; body: NewRequestBody }
  | { ok: false; error: StringKey; field: 'category' | 'description' | 'phone' | 'point' };

export function buildRequestBody(input: RequestInput): BodyResult {
  if (!input.categoryId) return { ok: false, error: 'formNeedCategory', field: 'category' };
  const description = input.description.trim();
  if (!description) return { ok: false, error: 'formNeedDescription', field: 'description' };
  if (description.length > DESCRIPTION_MAX) return { ok: false, error: 'formTooLong', field: 'description' };
  let phone: string | undefined;
  if (input.phone.trim()) {
    const e164 = toE164(input.phone);
    if (!e164) return { ok: false, error: 'formBadPhone', field: 'phone' };
    phone = e164;
  }
  const point = parsePoint(input.point);
  if (!point.ok) return { ok: false, error: point.error, field: 'point' };
  const body: NewRequestBody = { categoryId: input.categoryId, description, hazard: input.hazard };
  if (input.callId) body.callId = input.callId;
  if (phone) body.phone = phone;
  if (input.neighbourhoodId) body.neighbourhoodId = input.neighbourhoodId;
  // Address and description are kept as typed (Persian digits included): they are read by people.
  const address = input.address.trim();
  if (address) body.address = address;
  if (point.point) {
    body.lat = point.point.lat;
    body.lng = point.point.lng;
  }
  return { ok: true, body };
}

/**
 * Why a submit failed, in the operator's words. IDEMPOTENCY_KEY_REUSED: the draft's first submit
 * was registered (its answer lost) and the form was edited since; the server names that request.
 */
export function submitFailedText(r: ApiResult<unknown>): string {
  if (r.ok) return t('formFailed', { message: '—' });
  const code = (r.error.details as { trackingCode?: unknown } | null | undefined)?.trackingCode;
  if (r.error.code === 'IDEMPOTENCY_KEY_REUSED' && typeof code === 'string') {
    return t('formAlreadyRegistered', { code: d(code) });
  }
  return t('formFailed', { message: errorText(r.status, r.error) });
}
