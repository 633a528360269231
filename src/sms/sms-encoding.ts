// Persian text as SMPP wants it: UCS-2 (data_coding 8, UTF-16BE). One SMS holds 140 octets = 70
// UCS-2 characters; a longer text is cut into segments of 67 characters, each with a 6-octet user
// data header (IEI 0x00: 8-bit reference, total, sequence) and esm_class UDHI, which every GSM
// handset reassembles. We chose UDH over the message_payload TLV because Iranian short-code SMSCs
// (and most others) accept UDH segments, while message_payload support varies by operator.

export const DATA_CODING_UCS2 = 0x08;
export const ESM_CLASS_UDHI = 0x40;
const SINGLE_CHARS = 70;
const SEGMENT_CHARS = 67;
const MAX_SEGMENTS = 255;

export interface Segment {
  /** 1-based. */
  part: number;
  /** The short_message octets: the UDH (for a long message) then UCS-2 text. */
  bytes: Buffer;
  udhi: boolean;
}

function ucs2(text: string): Buffer {
  const out = Buffer.alloc(text.length * 2);
  for (let i = 0; i < text.length; i++) out.writeUInt16BE(text.charCodeAt(i), i * 2);
  return out;
}

/** UTF-16 code units into chunks of at most `size`, never splitting a surrogate pair. */
function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(i + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/** How many SMS the text takes. */
export function segmentCount(text: string): number {
  return text.length <= SINGLE_CHARS ? 1 : chunks(text, SEGMENT_CHARS).length;
}

/** The longest text we send: 255 segments is what the 8-bit UDH counter allows. */
export const MAX_TEXT_CHARS = SEGMENT_CHARS * MAX_SEGMENTS;

/** The segments of `text`; `ref` (0–255) ties the segments of one message together on the phone. */
export function encodeSegments(text: string, ref: number): Segment[] {
  if (text.length <= SINGLE_CHARS) return [{ part: 1, bytes: ucs2(text), udhi: false }];
  const parts = chunks(text, SEGMENT_CHARS);
  if (parts.length > MAX_SEGMENTS) throw new Error(`an SMS of ${parts.length} segments is too long`);
  return parts.map((p, i) => ({
    part: i + 1,
    bytes: Buffer.concat([Buffer.from([0x05, 0x00, 0x03, ref & 0xff, parts.length, i + 1]), ucs2(p)]),
    udhi: true,
  }));
}
