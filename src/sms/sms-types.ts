// The SMS domain's public types (also what the routes answer).

export const SMS_TEMPLATE_KEYS = [
  'registered',
  'referred',
  'done',
  'closed',
  'feedback-question',
  'status-reply',
] as const;
export type SmsTemplateKey = (typeof SMS_TEMPLATE_KEYS)[number];

/** The placeholders a template may use; anything else in braces is refused when an admin saves it. */
export const SMS_PLACEHOLDERS = ['trackingCode', 'category', 'unit', 'deadline', 'status'] as const;

export interface SmsHandle {
  /** False when SMS_SMPP_URL/SMS_SENDER are unset: send() then queues nothing and returns null. */
  enabled: boolean;
  /** Queue one message (durable; sent when the SMSC link is up, within the throttle). */
  send(msg: {
    to: string /* E.164 */;
    template: SmsTemplateKey;
    params: Record<string, string>;
    requestId?: string;
  }): Promise<{ id: string } | null>;
}

export type SmsStatus = 'queued' | 'sending' | 'submitted' | 'delivered' | 'undeliverable' | 'failed';

export interface SmsMessageView {
  id: string;
  requestId: string | null;
  template: SmsTemplateKey;
  phone: string;
  text: string;
  segments: number;
  status: SmsStatus;
  error: string | null;
  createdAt: string;
  submittedAt: string | null;
  deliveredAt: string | null;
}

export interface SmsTemplateView {
  key: SmsTemplateKey;
  textFa: string;
  updatedAt: string;
}

export type SmsStatusView =
  | { enabled: false }
  | { enabled: true; connected: boolean; sender: string; perSecond: number; window: number; pending: number };
