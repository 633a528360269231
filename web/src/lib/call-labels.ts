// Names an operator understands for what the PBX calls a queue or a phone-menu key: the desk's
// screen-pop and the wallboard both show these, never the dialplan's raw names ("q137hazard").
import { t, d, type StringKey } from '../i18n/i18n.ts';

const QUEUE_KEYS: Record<string, StringKey> = {
  q137: 'wbQueueGeneral',
  q137hazard: 'wbQueueHazard',
  q137overflow: 'queueOverflow',
};

/** "صف خطر" / "Hazard queue"; a queue this app has no name for as "صف <name>", the name as Asterisk spells it. */
export function queueLabel(name: string): string {
  const key = QUEUE_KEYS[name];
  return key ? t(key) : t('queueOther', { name });
}

const IVR_KEYS: Record<string, StringKey> = { '1': 'ivr1', '2': 'ivr2', '9': 'ivr9', none: 'ivrNone' };

/** What the caller chose in the phone menu: "ثبت درخواست جدید", "کلیدی زده نشد", or "کلید ۵". */
export function ivrChoiceLabel(choice: string): string {
  const key = IVR_KEYS[choice];
  return key ? t(key) : t('ivrOther', { choice: d(choice) });
}
