import { ImageRejected, type StrippedImage } from './photo-types.ts';

// A JPEG walked segment by segment (ITU T.81, B.1.1): what draws the picture is kept, what tells
// about the person or the phone (EXIF with GPS and camera serial, XMP, comments, maker data, a
// trailer after the end marker) is dropped. Nothing is decoded: the kept bytes are the sender's own.

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP14 = 0xee;
const COM = 0xfe;

/** Frame headers SOF0–SOF15 (C4 DHT, C8 JPG and CC DAC are not frames). */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** Tables and the restart interval: DHT, DAC, DQT, DNL, DRI. */
const isTable = (m: number) => m === 0xc4 || m === 0xcc || m === 0xdb || m === 0xdc || m === 0xdd;
const isApp = (m: number) => m >= APP0 && m <= 0xef;

const hex = (m: number) => `0x${m.toString(16).toUpperCase()}`;

/** An APPn segment's identifier (the NUL-terminated string its payload starts with). */
function identifier(buf: Buffer, payload: number, end: number): string {
  const nul = buf.indexOf(0, payload);
  return buf.toString('latin1', payload, nul === -1 || nul > end ? Math.min(end, payload + 16) : nul);
}

/**
 * Segments kept although they are APPn: the ICC colour profile (wide gamut phone photos look wrong
 * without it) and Adobe's APP14 (whether the data is YCbCr or RGB — dropping it changes the
 * colours). Neither says anything about who took the photo or where. APP0 is jfif() below.
 */
function keepApp(buf: Buffer, marker: number, payload: number, end: number): boolean {
  if (marker === APP2) return identifier(buf, payload, end) === 'ICC_PROFILE';
  if (marker === APP14) return end - payload === 12 && buf.toString('latin1', payload, payload + 5) === 'Adobe';
  return false;
}

/**
 * The EXIF orientation (1–8) or null. The one EXIF field worth keeping: phones store portrait
 * photos sideways and say so here, and the browser turns them upright by it.
 */
export function exifOrientation(buf: Buffer, payload: number, end: number): number | null {
  if (end - payload < 14 || buf.toString('latin1', payload, payload + 6) !== 'Exif\0\0') return null;
  const tiff = payload + 6;
  const order = buf.toString('latin1', tiff, tiff + 2);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  const u16 = (at: number) => (le ? buf.readUInt16LE(at) : buf.readUInt16BE(at));
  const u32 = (at: number) => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const ifd = tiff + u32(tiff + 4);
  if (ifd + 2 > end) return null;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) return null;
    if (u16(entry) !== 0x0112 || u16(entry + 2) !== 3) continue; // Orientation, SHORT
    const value = u16(entry + 8);
    return value >= 1 && value <= 8 ? value : null;
  }
  return null;
}

/** An APP1 segment with a minimal EXIF: the orientation and nothing else (big-endian TIFF, one IFD entry). */
export function orientationSegment(orientation: number): Buffer {
  const s = Buffer.alloc(36); // marker 2 + length 2 + "Exif\0\0" 6 + TIFF header 8 + count 2 + entry 12 + next IFD 4
  s.writeUInt16BE(0xff00 | APP1, 0);
  s.writeUInt16BE(34, 2);
  s.write('Exif\0\0MM', 4, 'latin1');
  s.writeUInt16BE(42, 12);
  s.writeUInt32BE(8, 14); // IFD0 right after the TIFF header
  s.writeUInt16BE(1, 18); // one entry
  s.writeUInt16BE(0x0112, 20);
  s.writeUInt16BE(3, 22); // SHORT
  s.writeUInt32BE(1, 24); // count
  s.writeUInt16BE(orientation, 28); // the value, left-justified in the 4-byte field; next IFD offset 0 (none)
  return s;
}

/** Where the entropy-coded data after an SOS header ends: the next marker that is not a stuffed byte or a restart. */
function scanEnd(buf: Buffer, from: number): number {
  let i = buf.indexOf(0xff, from);
  while (i !== -1 && i + 1 < buf.length) {
    const next = buf[i + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) i = buf.indexOf(0xff, i + 2);
    else if (next === 0xff)
      i += 1; // a fill byte before the marker
    else return i;
  }
  throw new ImageRejected('The JPEG ends inside its image data (the file is cut short)');
}

interface Walk {
  parts: Buffer[];
  removed: string[];
  width: number;
  height: number;
  orientation: number | null;
  /** Index in parts after which the orientation segment goes (after SOI, or after a leading APP0). */
  insertAt: number;
}

/**
 * JFIF's APP0 (version and pixel density: 14 bytes) as it is, or trimmed of the thumbnail it may
 * carry — a small copy of the picture, possibly of what it was before it was cropped. Null for
 * any other APP0 (JFXX thumbnails, vendors' data).
 */
function jfif(buf: Buffer, pos: number, payload: number, end: number): Buffer | null {
  if (end - payload < 14 || identifier(buf, payload, end) !== 'JFIF') return null;
  if (end - payload === 14) return buf.subarray(pos, end);
  const s = Buffer.from(buf.subarray(pos, payload + 14));
  s.writeUInt16BE(16, 2);
  s.writeUInt16BE(0, 16); // no thumbnail: width and height 0
  return s;
}

/** Where the segment starting at pos (its FF) ends, from its length field. */
function segmentEnd(buf: Buffer, pos: number, marker: number): number {
  if (pos + 4 > buf.length) throw new ImageRejected('The JPEG is cut short inside a segment header');
  const end = pos + 2 + buf.readUInt16BE(pos + 2);
  if (end > buf.length || end < pos + 4) throw new ImageRejected(`The JPEG segment ${hex(marker)} is cut short`);
  return end;
}

/** One marker segment before or between scans; returns where the next one starts. */
function segment(buf: Buffer, pos: number, marker: number, w: Walk): number {
  const end = segmentEnd(buf, pos, marker);
  const payload = pos + 4;
  if (isApp(marker) || marker === COM) {
    if (marker === APP1 && w.orientation === null) w.orientation = exifOrientation(buf, payload, end);
    const app0 = marker === APP0 ? jfif(buf, pos, payload, end) : null;
    if (app0) {
      w.parts.push(app0);
      if (w.parts.length === 2) w.insertAt = 2;
      if (app0.length < end - pos) w.removed.push('APP0:JFIF thumbnail');
    } else if (keepApp(buf, marker, payload, end)) w.parts.push(buf.subarray(pos, end));
    else w.removed.push(marker === COM ? 'COM' : `APP${marker - APP0}:${identifier(buf, payload, end) || '-'}`);
    return end;
  }
  if (isSof(marker)) {
    if (end - payload < 6) throw new ImageRejected('The JPEG frame header is too short');
    if (w.width > 0) throw new ImageRejected('The JPEG has more than one frame');
    w.height = buf.readUInt16BE(payload + 1);
    w.width = buf.readUInt16BE(payload + 3);
    if (w.width === 0 || w.height === 0) throw new ImageRejected('The JPEG has no width or height');
  } else if (!isTable(marker))
    throw new ImageRejected(`The JPEG has a segment this server does not accept (${hex(marker)})`);
  w.parts.push(buf.subarray(pos, end));
  return end;
}

/** The JPEG without its metadata. Throws ImageRejected when the structure is not a whole baseline/progressive JPEG. */
export function stripJpeg(buf: Buffer): StrippedImage {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== SOI) throw new ImageRejected('This is not a JPEG image');
  const w: Walk = { parts: [buf.subarray(0, 2)], removed: [], width: 0, height: 0, orientation: null, insertAt: 1 };
  let pos = 2;
  let scans = 0;
  for (;;) {
    if (pos + 1 >= buf.length) throw new ImageRejected('The JPEG has no end marker (the file is cut short)');
    if (buf[pos] !== 0xff) throw new ImageRejected('The JPEG segments are broken');
    while (buf[pos + 1] === 0xff && pos + 2 < buf.length) pos++; // fill bytes before a marker
    const marker = buf[pos + 1]!;
    if (marker === EOI) {
      if (scans === 0) throw new ImageRejected('The JPEG has no image data');
      w.parts.push(buf.subarray(pos, pos + 2));
      if (pos + 2 < buf.length) w.removed.push(`trailer:${buf.length - pos - 2}`);
      break;
    }
    if (marker === SOS) {
      if (w.width === 0) throw new ImageRejected('The JPEG has image data before its frame header');
      const next = scanEnd(buf, segmentEnd(buf, pos, SOS));
      w.parts.push(buf.subarray(pos, next));
      scans++;
      pos = next;
      continue;
    }
    pos = segment(buf, pos, marker, w);
  }
  if (w.orientation !== null && w.orientation !== 1) w.parts.splice(w.insertAt, 0, orientationSegment(w.orientation));
  return { data: Buffer.concat(w.parts), width: w.width, height: w.height, removed: w.removed };
}
