import { describe, expect, it } from 'vitest';
import {
  detectImageType,
  ImageRejected,
  MAX_IMAGE_PIXELS,
  sanitizeImage,
} from '../../../src/requests/photo-sanitize.ts';
import { buildJpeg, buildPng, pngChunk, pngText } from './photo-fixtures.ts';

// The photo sanitizer on images built byte by byte: what phones write into a photo (EXIF with GPS
// and the owner, XMP, comments, a trailer; PNG text, time and private chunks) must be gone, the
// picture itself untouched, and anything that is not a whole JPEG or PNG refused.

/** Markers of the segments before the first scan, in order (e.g. ['E0', 'E1', 'DB', ...]). */
function jpegMarkers(buf: Buffer): string[] {
  const out: string[] = [];
  let pos = 2;
  while (pos < buf.length) {
    const m = buf[pos + 1]!;
    out.push(m.toString(16).toUpperCase());
    if (m === 0xda || m === 0xd9) break;
    pos += 2 + buf.readUInt16BE(pos + 2);
  }
  return out;
}

function pngChunks(buf: Buffer): string[] {
  const out: string[] = [];
  for (let pos = 8; pos < buf.length; pos += 12 + buf.readUInt32BE(pos))
    out.push(buf.toString('latin1', pos + 4, pos + 8));
  return out;
}

const has = (buf: Buffer, s: string) => buf.includes(Buffer.from(s, 'latin1'));
const rejected = (buf: Buffer) => {
  try {
    sanitizeImage(buf);
  } catch (err) {
    expect(err).toBeInstanceOf(ImageRejected);
    return (err as Error).message;
  }
  throw new Error('accepted');
};

describe('JPEG', () => {
  it('drops EXIF, XMP, comments and the trailer, keeping the picture and its orientation', () => {
    const trailer = Buffer.from('SEFT Samsung trailer with the owner Reza Ahmadi-X');
    const input = buildJpeg({
      exifOrientation: 6,
      xmp: true,
      comment: 'taken at home',
      trailer,
      width: 20,
      height: 12,
    });
    expect(has(input, 'Reza Ahmadi-X') && has(input, 'PhoneMaker') && has(input, 'taken at home')).toBe(true);
    const out = sanitizeImage(input);
    expect(out).toMatchObject({ mime: 'image/jpeg', width: 20, height: 12 });
    expect(out.removed).toEqual(['APP1:Exif', 'APP1:http://ns.adobe.com/xap/1.0/', 'COM', `trailer:${trailer.length}`]);
    for (const secret of ['Reza Ahmadi-X', 'PhoneMaker', 'xmpmeta', 'taken at home', 'SEFT'])
      expect(has(out.data, secret)).toBe(false);
    // APP0 first, then the orientation-only EXIF written anew, then the tables, frame and scan untouched.
    expect(jpegMarkers(out.data)).toEqual(['E0', 'E1', 'DB', 'C0', 'C4', 'C4', 'DA']);
    const app1 = out.data.indexOf(Buffer.from([0xff, 0xe1]));
    expect(out.data.readUInt16BE(app1 + 2)).toBe(34);
    expect(out.data.toString('latin1', app1 + 4, app1 + 12)).toBe('Exif\0\0MM');
    expect(out.data.readUInt16BE(app1 + 20)).toBe(0x0112);
    expect(out.data.readUInt16BE(app1 + 28)).toBe(6);
    const scan = input.indexOf(Buffer.from([0xff, 0xda]));
    expect(out.data.subarray(out.data.indexOf(Buffer.from([0xff, 0xda])))).toEqual(
      input.subarray(scan, input.length - trailer.length),
    );
  });

  it('reads the orientation in either byte order, and writes no EXIF at all when it is upright or absent', () => {
    const bigEndian = sanitizeImage(buildJpeg({ exifOrientation: 8, exifLittleEndian: false })).data;
    expect(bigEndian.readUInt16BE(bigEndian.indexOf(Buffer.from([0xff, 0xe1])) + 28)).toBe(8);
    for (const exifOrientation of [1, null]) {
      const out = sanitizeImage(buildJpeg({ exifOrientation })).data;
      expect(out.includes(Buffer.from([0xff, 0xe1]))).toBe(false);
      expect(has(out, 'Exif')).toBe(false);
    }
  });

  it('keeps the colour profile and Adobe colour transform, drops other APPn', () => {
    const input = buildJpeg({ icc: true });
    const withApps = Buffer.concat([
      input.subarray(0, 2),
      Buffer.from('ffee000e', 'hex'), // APP14 Adobe: "Adobe", version 100, two flag words, transform 1 (YCbCr)
      Buffer.from([...Buffer.from('Adobe'), 0, 100, 0, 0, 0, 0, 1]),
      Buffer.from('ffed000c50686f746f73686f7020', 'hex'), // APP13 Photoshop IRB (captions, credits)
      input.subarray(2),
    ]);
    const out = sanitizeImage(withApps);
    expect(out.removed).toEqual(['APP13:Photoshop ']);
    expect(jpegMarkers(out.data)).toEqual(['EE', 'E0', 'E2', 'DB', 'C0', 'C4', 'C4', 'DA']);
  });

  it("takes the thumbnail out of JFIF's APP0 and drops other APP0s", () => {
    const input = buildJpeg();
    const jfifAt = 2;
    const thumb = Buffer.concat([
      Buffer.from('ffe00013', 'hex'), // APP0, 17-byte payload: JFIF header and a 1×1 RGB thumbnail
      input.subarray(jfifAt + 4, jfifAt + 16),
      Buffer.from([1, 1, 0xaa, 0xbb, 0xcc]),
    ]);
    const jfxx = Buffer.from([0xff, 0xe0, 0, 8, ...Buffer.from('JFXX\0'), 0x13]);
    const withThumb = Buffer.concat([input.subarray(0, 2), thumb, jfxx, input.subarray(jfifAt + 18)]);
    const out = sanitizeImage(withThumb);
    expect(out.removed).toEqual(['APP0:JFIF thumbnail', 'APP0:JFXX']);
    expect(out.data).toEqual(input);
  });

  it('walks restart markers and stuffed bytes in the scan, and a clean JPEG comes back byte for byte', () => {
    const clean = buildJpeg({ restarts: true, width: 24, height: 16 });
    expect(sanitizeImage(clean).data).toEqual(clean);
    const once = sanitizeImage(buildJpeg({ exifOrientation: 3, comment: 'x' })).data;
    expect(sanitizeImage(once).data).toEqual(once);
    // The orientation-only EXIF is taken out and written again the same.
    expect(sanitizeImage(once).removed).toEqual(['APP1:Exif']);
  });

  it('refuses what is not a whole JPEG', () => {
    const good = buildJpeg();
    expect(rejected(good.subarray(0, good.length - 3))).toMatch(/cut short/);
    expect(rejected(good.subarray(0, 30))).toMatch(/cut short/);
    const sof = good.indexOf(Buffer.from([0xff, 0xc0]));
    const noFrame = Buffer.concat([good.subarray(0, sof), good.subarray(sof + 2 + good.readUInt16BE(sof + 2))]);
    expect(rejected(noFrame)).toMatch(/before its frame header/);
    const broken = Buffer.from(good);
    broken[20] = 0x00; // the DQT length's neighbour: the segment chain no longer lines up
    expect(() => sanitizeImage(broken)).toThrow(ImageRejected);
    const huge = Buffer.from(good); // the same small scan, but the frame header claims 65535×65535
    huge.writeUInt32BE(0xffffffff, sof + 5);
    expect(65535 * 65535).toBeGreaterThan(MAX_IMAGE_PIXELS);
    expect(rejected(huge)).toMatch(/too large/);
  });
});

describe('PNG', () => {
  it('drops text, EXIF, time and private chunks and the trailer; keeps colour and pixel size', () => {
    const input = buildPng({
      before: [
        ['gAMA', Buffer.from([0, 0, 0xb1, 0x8f])],
        ['sRGB', Buffer.from([0])],
        pngText('Author', 'Reza Ahmadi-X'),
        ['zTXt', Buffer.from('Comment\0\0x', 'latin1')],
        ['iTXt', Buffer.from('GPS\0\0\0\0\0N 36.3', 'latin1')],
        ['eXIf', Buffer.from('MM\0*\0\0\0\x08\0\0', 'latin1')],
        ['tIME', Buffer.from([0x07, 0xe9, 1, 2, 3, 4, 5])],
        ['caBX', Buffer.from('c2pa manifest: Reza Ahmadi-X', 'latin1')],
        ['pHYs', Buffer.from([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1])],
      ],
      trailer: Buffer.from('appended data'),
    });
    const out = sanitizeImage(input);
    expect(out).toMatchObject({ mime: 'image/png', width: 4, height: 3 });
    expect(out.removed).toEqual(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME', 'caBX', 'trailer:13']);
    expect(pngChunks(out.data)).toEqual(['IHDR', 'gAMA', 'sRGB', 'pHYs', 'IDAT', 'IEND']);
    expect(has(out.data, 'Reza')).toBe(false);
    expect(sanitizeImage(out.data).data).toEqual(out.data);
  });

  it('refuses what is not a whole PNG', () => {
    const good = buildPng();
    const damaged = Buffer.from(good);
    damaged[good.indexOf(Buffer.from('IDAT')) + 6]! ^= 0xff; // a bit of the image data, not its CRC
    expect(rejected(damaged)).toMatch(/damaged/);
    expect(rejected(good.subarray(0, good.length - 12))).toMatch(/cut short|no end/);
    const sig = good.subarray(0, 8);
    const ihdr = good.subarray(8, 33);
    const iend = good.subarray(good.length - 12);
    expect(rejected(Buffer.concat([sig, ihdr, iend]))).toMatch(/no image data/);
    expect(rejected(Buffer.concat([sig, pngChunk('gAMA', Buffer.alloc(4)), good.subarray(8)]))).toMatch(/header/);
    expect(rejected(buildPng({ before: [['ZZZZ', Buffer.alloc(1)]] }))).toMatch(/ZZZZ/);
    const hugeHeader = Buffer.from(ihdr.subarray(8, 21));
    hugeHeader.writeUInt32BE(20_000, 0);
    hugeHeader.writeUInt32BE(20_000, 4);
    const huge = Buffer.concat([sig, pngChunk('IHDR', hugeHeader), good.subarray(33)]);
    expect(rejected(huge)).toMatch(/too large/);
  });
});

describe('detectImageType', () => {
  it('goes by the bytes, not by any name', () => {
    expect(detectImageType(buildJpeg())).toBe('image/jpeg');
    expect(detectImageType(buildPng())).toBe('image/png');
    expect(detectImageType(Buffer.from('GIF89a....'))).toBeNull();
    expect(detectImageType(Buffer.from('hello, this is a text file named photo.jpg\n'))).toBeNull();
    expect(rejected(Buffer.from('hello, this is a text file named photo.jpg\n'))).toMatch(/not a JPEG or PNG/);
  });
});
