import { crc32 } from 'node:zlib';
import { ImageRejected, type StrippedImage } from './photo-types.ts';

// A PNG walked chunk by chunk (PNG spec, 5.3): each chunk's CRC is checked, the chunks that draw
// the picture are kept, and every other one is dropped — the text chunks (tEXt, zTXt, iTXt), EXIF
// (eXIf), the time (tIME) and any private chunk a phone or an editor adds (C2PA credentials,
// thumbnails, animation frames), since nobody can say what those hold.

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);
/** Ancillary chunks about colour and pixel size only. */
const KEPT = new Set(['tRNS', 'cHRM', 'gAMA', 'iCCP', 'sBIT', 'sRGB', 'cICP', 'mDCv', 'cLLi', 'bKGD', 'pHYs']);
const MAX_CHUNK = 0x7fffffff;

export const isPng = (buf: Buffer) => buf.length >= 8 && buf.subarray(0, 8).equals(SIGNATURE);

interface Chunk {
  type: string;
  start: number;
  end: number;
  dataStart: number;
  length: number;
}

function readChunk(buf: Buffer, pos: number): Chunk {
  if (pos + 12 > buf.length) throw new ImageRejected('The PNG has no end chunk (the file is cut short)');
  const length = buf.readUInt32BE(pos);
  const type = buf.toString('latin1', pos + 4, pos + 8);
  if (!/^[A-Za-z]{4}$/.test(type)) throw new ImageRejected('The PNG chunks are broken');
  const end = pos + 12 + length;
  if (length > MAX_CHUNK || end > buf.length) throw new ImageRejected(`The PNG chunk ${type} is cut short`);
  if (crc32(buf.subarray(pos + 4, pos + 8 + length)) !== buf.readUInt32BE(pos + 8 + length))
    throw new ImageRejected(`The PNG chunk ${type} is damaged (its checksum does not match)`);
  return { type, start: pos, end, dataStart: pos + 8, length };
}

/** The PNG without its metadata. Throws ImageRejected when the structure is not a whole PNG. */
export function stripPng(buf: Buffer): StrippedImage {
  if (!isPng(buf)) throw new ImageRejected('This is not a PNG image');
  const parts: Buffer[] = [buf.subarray(0, 8)];
  const removed: string[] = [];
  let pos = 8;
  let width = 0;
  let height = 0;
  let idat = false;
  for (;;) {
    const c = readChunk(buf, pos);
    if (pos === 8) {
      if (c.type !== 'IHDR' || c.length !== 13) throw new ImageRejected('The PNG does not start with its header');
      width = buf.readUInt32BE(c.dataStart);
      height = buf.readUInt32BE(c.dataStart + 4);
      if (width === 0 || height === 0 || width > MAX_CHUNK || height > MAX_CHUNK)
        throw new ImageRejected('The PNG has no valid width or height');
    } else if (c.type === 'IHDR') throw new ImageRejected('The PNG has two headers');
    pos = c.end;
    const critical = c.type.charCodeAt(0) < 0x61; // upper-case first letter (PNG spec, 5.4)
    if (critical && !CRITICAL.has(c.type))
      throw new ImageRejected(`The PNG needs a chunk this server does not know (${c.type})`);
    if (critical || KEPT.has(c.type)) parts.push(buf.subarray(c.start, c.end));
    else removed.push(c.type);
    if (c.type === 'IDAT') idat = true;
    if (c.type === 'IEND') break;
  }
  if (!idat) throw new ImageRejected('The PNG has no image data');
  if (pos < buf.length) removed.push(`trailer:${buf.length - pos}`);
  return { data: Buffer.concat(parts), width, height, removed };
}
