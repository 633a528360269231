// SMS to citizens over SMPP: the only public face of src/sms.
export { install, type SmsCore, type SmsConfig } from './install.ts';
export type {
  SmsHandle,
  InboundSms,
  InboundOutcome,
  SmsTemplateKey,
  SmsMessageView,
  SmsTemplateView,
  SmsStatusView,
} from './sms-types.ts';
export { SMS_TEMPLATE_KEYS, SMS_PLACEHOLDERS } from './sms-types.ts';
