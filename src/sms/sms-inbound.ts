import { createHash } from 'node:crypto';
import type { PDU } from 'smpp';
import { normalizePhone } from '../shared/index.ts';

// A message a citizen sent to the short code (mobile-originated, a deliver_sm that is not a
// receipt), read off the PDU: the sender in E.164, the text the smpp package decoded by its
// data_coding (UCS-2 for Persian, the GSM default alphabet otherwise), and the concatenation
// header (IEI 0x00 or 0x08) of one part of a long message.

/** esm_class bits that make a deliver_sm a receipt or an acknowledgement, not a citizen's message. */
const ESM_NOT_MO = 0x3c;

export interface MoPart {
  phone: string;
  shortCode: string;
  text: string;
  /** Set for one part of a long (UDH-concatenated) message. */
  concat: { ref: number; total: number; part: number } | null;
  /**
   * Same key for a deliver_sm the SMSC sends again (it did not hear our answer): the SMSC's own id
   * when it gives one, else sender + sequence number + the octets.
   */
  dedupKey: string;
}

export function isMobileOriginated(pdu: PDU): boolean {
  return (((pdu.esm_class as number | undefined) ?? 0) & ESM_NOT_MO) === 0;
}

function concatOf(udh: Buffer[] | undefined): MoPart['concat'] {
  for (const ie of udh ?? []) {
    if (ie[0] === 0x00 && ie.length >= 5) return { ref: ie[2]!, total: ie[3]!, part: ie[4]! };
    if (ie[0] === 0x08 && ie.length >= 6) return { ref: ie.readUInt16BE(2), total: ie[4]!, part: ie[5]! };
  }
  return null;
}

function textOf(sm: unknown): { text: string; udh?: Buffer[] } {
  if (typeof sm === 'string') return { text: sm };
  if (Buffer.isBuffer(sm)) return { text: sm.toString('latin1') };
  const o = (sm ?? {}) as { message?: unknown; udh?: Buffer[] };
  const m = o.message;
  const text = typeof m === 'string' ? m : Buffer.isBuffer(m) ? m.toString('latin1') : '';
  return { text, udh: o.udh };
}

/** The part a deliver_sm carries; null when the sender is no phone number we can answer. */
export function parseMo(pdu: PDU): MoPart | null {
  const raw = String(pdu.source_addr ?? '').trim();
  const international = pdu.source_addr_ton === 1 && !raw.startsWith('+') && !raw.startsWith('00');
  const phone = normalizePhone(international ? `+${raw}` : raw);
  if (!phone) return null;
  const payload = pdu.message_payload;
  const { text, udh } = payload && !pdu.short_message ? textOf(payload) : textOf(pdu.short_message);
  const smscId = typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : null;
  const digest = createHash('sha256')
    .update(Buffer.concat([...(udh ?? []), Buffer.from(text, 'utf8')]))
    .digest('hex')
    .slice(0, 24);
  return {
    phone,
    shortCode: String(pdu.destination_addr ?? ''),
    text: text.normalize('NFC'),
    concat: concatOf(udh),
    dedupKey: smscId ? `smsc:${smscId}` : `seq:${phone}:${pdu.sequence_number}:${digest}`,
  };
}
