// The SMS domain's public types (also what the routes answer).

export const SMS_TEMPLATE_KEYS = [
  'registered',
  'referred',
  'done',
  'closed',
  'feedback-question',
  'status-reply',
  'status',
  // The citizen page's one-time code ({code}); src/citizen sends it.
  'otp',
] as const;
export type SmsTemplateKey = (typeof SMS_TEMPLATE_KEYS)[number];

/** The placeholders a template may use; anything else in braces is refused when an admin saves it. */
export const SMS_PLACEHOLDERS = ['trackingCode', 'category', 'unit', 'deadline', 'status', 'code'] as const;

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
  /**
   * A template about a request to the citizen on it (consent: true stores their agreement first,
   * e.g. they wrote to the short code); null when SMS is off or the request has no phone.
   */
  notifyAboutRequest(
    requestId: string,
    template: SmsTemplateKey,
    o?: { consent?: boolean },
  ): Promise<{ id: string } | null>;
  /** The `status` template about a request to any number (nothing personal in it): a reply to the short code. */
  replyStatus(to: string, requestId: string): Promise<{ id: string } | null>;
  /**
   * Messages citizens send to the short code, each handed to the handler once across the cluster,
   * after it is stored; the handler says what became of it. One handler (the last set wins).
   */
  onReceived(handler: (m: InboundSms) => Promise<InboundOutcome>): void;
}

/** What a citizen sent to the short code (a long message already reassembled). */
export interface InboundSms {
  id: string;
  /** E.164. */
  phone: string;
  shortCode: string;
  text: string;
  parts: number;
  receivedAt: Date;
}

export type InboundOutcome = 'status-reply' | 'triage' | 'unknown-code' | 'ignored';

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
