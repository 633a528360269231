import { z } from 'zod';

// SMS to citizens over SMPP (src/sms). Both SMS_SMPP_URL and SMS_SENDER, or neither (SMS off).
export const SMS_ENV = {
  SMS_SMPP_URL: z
    .string()
    .refine((u) => /^smpp:\/\/[^:@/]+:[^@/]*@[^:/]+(:\d{1,5})?\/?$/.test(u), 'smpp://systemid:password@host:port')
    .optional(),
  SMS_SENDER: z
    .string()
    .regex(/^[0-9]{3,16}$/, 'the short code, digits only (e.g. 10005137)')
    .optional(),
  SMS_PER_SECOND: z.coerce.number().positive().max(1000).default(5),
  SMS_WINDOW: z.coerce.number().int().min(1).max(100).default(10),
};

export interface SmsSettings {
  smppUrl: string;
  sender: string;
  perSecond: number;
  window: number;
}

type SmsEnv = z.infer<z.ZodObject<typeof SMS_ENV>>;

/** The SMS settings, or null (off); a half-set pair is a problem. */
export function smsSettings(e: SmsEnv, problems: string[]): SmsSettings | null {
  if (!e.SMS_SMPP_URL !== !e.SMS_SENDER)
    problems.push('SMS_SMPP_URL and SMS_SENDER must be set together (or neither: no SMS)');
  if (!e.SMS_SMPP_URL || !e.SMS_SENDER) return null;
  return { smppUrl: e.SMS_SMPP_URL, sender: e.SMS_SENDER, perSecond: e.SMS_PER_SECOND, window: e.SMS_WINDOW };
}
