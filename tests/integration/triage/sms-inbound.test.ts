import * as smpp from 'smpp';
import { describe, expect, it } from 'vitest';
import { isMobileOriginated, parseMo } from '../../../src/sms/sms-inbound.ts';

// A deliver_sm as it comes off the wire: encoded by the smpp package, then decoded from its octets
// (as the link's session does), then read by parseMo.
function wire(fields: Record<string, unknown>): smpp.PDU {
  const pdu = new smpp.PDU('deliver_sm', { sequence_number: 77, source_addr_ton: 1, esm_class: 0, ...fields });
  return new smpp.PDU(pdu.toBuffer() as unknown as string);
}

describe('reading a message to the short code', () => {
  it('decodes GSM (data_coding 0) and UCS-2 Persian, and the sender in E.164', () => {
    const gsm = parseMo(
      wire({
        source_addr: '989121110001',
        destination_addr: '10005137',
        data_coding: 0,
        short_message: { message: 'Lamp broken @ park' },
      }),
    );
    expect(gsm).toMatchObject({
      phone: '+989121110001',
      shortCode: '10005137',
      text: 'Lamp broken @ park',
      concat: null,
    });
    const fa = parseMo(wire({ source_addr: '989121110001', data_coding: 8, short_message: { message: '۱۲۳۴ ۵۶۷۸' } }));
    expect(fa?.text).toBe('۱۲۳۴ ۵۶۷۸');
    // A national number (TON unknown) is read as Iranian.
    const national = parseMo(
      wire({ source_addr_ton: 0, source_addr: '09121110001', data_coding: 8, short_message: { message: 'x' } }),
    );
    expect(national?.phone).toBe('+989121110001');
  });

  it('reads the concatenation header (8- and 16-bit references) and keys a resend alike', () => {
    const udh8 = Buffer.from([0x05, 0x00, 0x03, 0x2a, 0x02, 0x01]);
    const part = parseMo(
      wire({ source_addr: '989121110001', data_coding: 8, short_message: { udh: udh8, message: 'سلام' } }),
    );
    expect(part?.concat).toEqual({ ref: 0x2a, total: 2, part: 1 });
    expect(part?.text).toBe('سلام');
    const udh16 = Buffer.from([0x06, 0x08, 0x04, 0x01, 0x02, 0x03, 0x02]);
    const p16 = parseMo(
      wire({ source_addr: '989121110001', data_coding: 8, short_message: { udh: udh16, message: 'ب' } }),
    );
    expect(p16?.concat).toEqual({ ref: 0x0102, total: 3, part: 2 });
    const again = parseMo(
      wire({ source_addr: '989121110001', data_coding: 8, short_message: { udh: udh8, message: 'سلام' } }),
    );
    expect(again?.dedupKey).toBe(part?.dedupKey);
    const other = parseMo(
      wire({
        sequence_number: 78,
        source_addr: '989121110001',
        data_coding: 8,
        short_message: { udh: udh8, message: 'سلام' },
      }),
    );
    expect(other?.dedupKey).not.toBe(part?.dedupKey);
  });

  it('tells a citizen message from a delivery receipt, and drops a sender that is no phone', () => {
    expect(isMobileOriginated(wire({ source_addr: '989121110001', short_message: { message: 'x' } }))).toBe(true);
    expect(
      isMobileOriginated(wire({ source_addr: '989121110001', esm_class: 0x04, short_message: { message: 'id:1' } })),
    ).toBe(false);
    expect(parseMo(wire({ source_addr_ton: 5, source_addr: 'MCI', short_message: { message: 'promo' } }))).toBeNull();
  });
});
