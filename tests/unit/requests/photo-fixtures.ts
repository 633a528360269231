import { crc32, deflateSync } from 'node:zlib';

// Images built byte by byte, so that a test knows exactly which segments and chunks are in them:
// a real (decodable) baseline JPEG of flat grey 8×8 blocks, and a real PNG of coloured pixels,
// each with the metadata a phone would add (EXIF with GPS and the owner, XMP, comments, text).

const seg = (marker: number, payload: Buffer): Buffer => {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xff00 | marker, 0);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
};

/** A TIFF/EXIF block: IFD0 with Make, Artist (the owner) and Orientation, and a GPS IFD with latitude. */
export function exifPayload(orientation: number | null = 6, le = true): Buffer {
  const b = Buffer.alloc(200);
  const u16 = (v: number, at: number) => (le ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (le ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at));
  b.write('Exif\0\0', 0, 'latin1');
  const t = 6; // TIFF header
  b.write(le ? 'II' : 'MM', t, 'latin1');
  u16(42, t + 2);
  u32(8, t + 4);
  const entries: Array<[number, number, number, number]> = [
    [0x010f, 2, 11, 100], // Make "PhoneMaker" at offset 100
    [0x013b, 2, 14, 120], // Artist "Reza Ahmadi-X" at offset 120
    ...(orientation === null ? [] : [[0x0112, 3, 1, orientation] as [number, number, number, number]]),
    [0x8825, 4, 1, 150], // GPS IFD at offset 150
  ];
  u16(entries.length, t + 8);
  entries.forEach(([tag, type, count, value], i) => {
    const at = t + 10 + i * 12;
    u16(tag, at);
    u16(type, at + 2);
    u32(count, at + 4);
    if (type === 3) u16(value, at + 8);
    else u32(value, at + 8);
  });
  b.write('PhoneMaker\0', t + 100, 'latin1');
  b.write('Reza Ahmadi-X\0', t + 120, 'latin1');
  u16(1, t + 150); // GPS IFD: one entry, GPSLatitudeRef 'N'
  u16(0x0001, t + 152);
  u16(2, t + 154);
  u32(2, t + 156);
  b.write('N\0', t + 160, 'latin1');
  return b.subarray(0, t + 170);
}

export interface JpegOptions {
  width?: number;
  height?: number;
  /** EXIF orientation to put in an APP1 Exif segment; null: EXIF without orientation; undefined: no EXIF. */
  exifOrientation?: number | null;
  exifLittleEndian?: boolean;
  xmp?: boolean;
  comment?: string;
  icc?: boolean;
  /** Bytes after the end marker (a phone's trailer). */
  trailer?: Buffer;
  /** A restart marker after every block (DRI 1). */
  restarts?: boolean;
}

/**
 * A baseline greyscale JPEG: one Huffman code per table (DC difference 0, end of block), so each
 * 8×8 block is two bits '00' and the picture is flat grey. Real: any decoder reads it.
 */
export function buildJpeg(o: JpegOptions = {}): Buffer {
  const width = o.width ?? 16;
  const height = o.height ?? 8;
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  parts.push(seg(0xe0, Buffer.from('4a46494600010100000100010000', 'hex'))); // JFIF 1.1, 1:1
  if (o.exifOrientation !== undefined)
    parts.push(seg(0xe1, exifPayload(o.exifOrientation, o.exifLittleEndian ?? true)));
  if (o.xmp)
    parts.push(
      seg(
        0xe1,
        Buffer.from(
          'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>Reza Ahmadi-X</dc:creator></x:xmpmeta>',
          'latin1',
        ),
      ),
    );
  if (o.icc)
    parts.push(seg(0xe2, Buffer.concat([Buffer.from('ICC_PROFILE\0\x01\x01', 'latin1'), Buffer.alloc(40, 7)])));
  if (o.comment !== undefined) parts.push(seg(0xfe, Buffer.from(o.comment, 'utf8')));
  parts.push(seg(0xdb, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(64, 1)]))); // DQT 0: all ones
  const sof = Buffer.from([8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
  parts.push(seg(0xc0, sof));
  const oneCode = (tableClass: number) =>
    Buffer.concat([Buffer.from([tableClass << 4]), Buffer.from([1]), Buffer.alloc(15), Buffer.from([0])]);
  parts.push(seg(0xc4, oneCode(0)), seg(0xc4, oneCode(1)));
  if (o.restarts) parts.push(seg(0xdd, Buffer.from([0, 1])));
  parts.push(seg(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])));
  const data: number[] = [];
  if (o.restarts) {
    for (let i = 0; i < blocks; i++) data.push(0x3f, ...(i < blocks - 1 ? [0xff, 0xd0 + (i % 8)] : []));
  } else {
    // Two bits per block, packed, padded with ones.
    const bits = '00'.repeat(blocks);
    for (let i = 0; i < bits.length; i += 8) data.push(parseInt(bits.slice(i, i + 8).padEnd(8, '1'), 2));
  }
  parts.push(Buffer.from(data), Buffer.from([0xff, 0xd9]));
  if (o.trailer) parts.push(o.trailer);
  return Buffer.concat(parts);
}

const chunk = (type: string, data: Buffer): Buffer => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

export interface PngOptions {
  width?: number;
  height?: number;
  /** Extra chunks before IDAT: [type, data]. */
  before?: Array<[string, Buffer]>;
  trailer?: Buffer;
}

/** An RGB PNG with a gradient; metadata chunks as asked. */
export function buildPng(o: PngOptions = {}): Buffer {
  const width = o.width ?? 4;
  const height = o.height ?? 3;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const raw = Buffer.alloc((1 + width * 3) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) raw.set([x * 60, y * 80, 200], y * (1 + width * 3) + 1 + x * 3);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(o.before ?? []).map(([t, d]) => chunk(t, d)),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
    ...(o.trailer ? [o.trailer] : []),
  ]);
}

/** A PNG text chunk as a phone or an editor writes it. */
export const pngText = (key: string, value: string): [string, Buffer] => [
  'tEXt',
  Buffer.from(`${key}\0${value}`, 'latin1'),
];
export const pngChunk = chunk;
