import { randomInt } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { normalizePhone, type Logger } from '../shared/index.ts';
import { MAX_TEXT_CHARS, segmentCount } from './sms-encoding.ts';
import { insertSms, requestFacts, setConsent, templateText, type RequestFacts } from './sms-repository.ts';
import type { SmsSender } from './sms-sender.ts';
import { jalaliDeadline, renderTemplate, STATUS_FA } from './sms-text.ts';
import type { SmsHandle, SmsTemplateKey } from './sms-types.ts';

export interface SmsService extends Pick<SmsHandle, 'enabled' | 'send' | 'replyStatus' | 'notifyAboutRequest'> {
  /** A template about a request to its citizen; null when SMS is off, no phone, or (unless `anyway`) no consent. */
  sendAboutRequest(
    requestId: string,
    template: SmsTemplateKey,
    o?: { unitId?: number; deadlineAt?: string; byUserId?: string; anyway?: boolean },
  ): Promise<{ id: string } | null>;
}

export interface ServiceDeps {
  db: Db;
  /** null: SMS is off. */
  sender: SmsSender | null;
  timeZone: string;
  logger: Logger;
}

export function createSmsService(d: ServiceDeps): SmsService {
  const enabled = d.sender !== null;

  async function queue(
    to: string,
    template: SmsTemplateKey,
    params: Record<string, string>,
    o: { requestId?: string; byUserId?: string },
  ): Promise<{ id: string } | null> {
    if (!d.sender) return null;
    const phone = normalizePhone(to);
    if (!phone) {
      d.logger.warn({ template }, 'SMS not sent: not a phone number');
      return null;
    }
    const body = await templateText(d.db, template);
    if (!body) throw new Error(`no SMS template ${template}`);
    const text = renderTemplate(body, params).slice(0, MAX_TEXT_CHARS);
    const id = await insertSms(d.db, {
      requestId: o.requestId ?? null,
      template,
      phone,
      text,
      segments: segmentCount(text),
      concatRef: randomInt(256),
      createdBy: o.byUserId ?? null,
    });
    await d.sender.schedule(id);
    return { id };
  }

  const service: SmsService = {
    enabled,
    send: (msg) => queue(msg.to, msg.template, msg.params, { requestId: msg.requestId }),
    async sendAboutRequest(requestId, template, o = {}) {
      if (!enabled) return null;
      const facts = await requestFacts(d.db, requestId, o.unitId);
      if (!facts?.phone || (!facts.consent && !o.anyway)) return null;
      const deadlineAt = o.deadlineAt ? new Date(o.deadlineAt) : facts.deadlineAt;
      const params = paramsOf(facts, deadlineAt ? jalaliDeadline(deadlineAt, d.timeZone) : '');
      return queue(facts.phone, template, params, { requestId, byUserId: o.byUserId });
    },
    async notifyAboutRequest(requestId, template, o = {}) {
      if (!enabled) return null;
      if (o.consent) await setConsent(d.db, requestId);
      return service.sendAboutRequest(requestId, template, { anyway: o.consent === true });
    },
    // To whoever asked by the short code: code, status, unit and deadline only, never a name or phone.
    async replyStatus(to, requestId) {
      if (!enabled) return null;
      const facts = await requestFacts(d.db, requestId);
      if (!facts) return null;
      const params = paramsOf(facts, facts.deadlineAt ? jalaliDeadline(facts.deadlineAt, d.timeZone) : '—');
      return queue(to, 'status', { ...params, unit: params.unit || '—' }, { requestId });
    },
  };
  return service;
}

function paramsOf(f: RequestFacts, deadline: string): Record<string, string> {
  return {
    trackingCode: f.trackingCode,
    category: f.categoryFa,
    unit: f.unitFa ?? '',
    deadline,
    status: STATUS_FA[f.status] ?? f.status,
  };
}
