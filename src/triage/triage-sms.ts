import type { Db } from '../db/index.ts';
import { findRequestByTrackingCode } from '../requests/index.ts';
import type { InboundOutcome, InboundSms, SmsHandle } from '../sms/index.ts';
import type { TriageService } from './triage-service.ts';

/**
 * A message to the short code: a tracking code (Persian or Latin digits, spaces or dashes) gets the
 * request's status back by SMS; anything else, an unknown code included, is a triage item with the
 * sender's number, for an operator to read.
 */
export function answerInbound(d: { db: Db; sms: Pick<SmsHandle, 'replyStatus'>; triage: TriageService }) {
  return async (m: InboundSms): Promise<InboundOutcome> => {
    const text = m.text.trim();
    const req = /^[\s\d۰-۹٠-٩\-–.]+$/.test(text) ? await findRequestByTrackingCode(d.db, text) : null;
    if (req) {
      await d.sms.replyStatus(m.phone, req.id);
      return 'status-reply';
    }
    if (!text) return 'ignored';
    await d.triage.add({
      source: 'sms',
      requestId: null,
      phone: m.phone,
      text,
      reasons: ['free-text'],
      externalRef: `sms-in:${m.id}`,
    });
    return 'triage';
  };
}
