import { stripJpeg } from './photo-jpeg.ts';
import { isPng, stripPng } from './photo-png.ts';
import { ImageRejected, type ImageMime, type SanitizedImage } from './photo-types.ts';

// A photo a unit uploads, judged by its bytes (never its name or the Content-Type it came with)
// and given back without the metadata phones write into it: where it was taken, the phone's
// serial, the owner's name, thumbnails of what the picture was before an edit. Pure: no I/O.

export { ImageRejected, IMAGE_MIMES, type ImageMime, type SanitizedImage } from './photo-types.ts';

/**
 * Pixels at most: a 5 MB file may declare 65535×65535 pixels, which every viewer would try to
 * allocate (gigabytes). 100 million is above any phone's ordinary photo (a 50 MP camera is 8160×6120).
 */
export const MAX_IMAGE_PIXELS = 100_000_000;

/** The image type by its magic bytes, or null when it is neither JPEG nor PNG. */
export function detectImageType(buf: Buffer): ImageMime | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (isPng(buf)) return 'image/png';
  return null;
}

/** The image without metadata, or ImageRejected saying what is wrong with it. */
export function sanitizeImage(buf: Buffer): SanitizedImage {
  const mime = detectImageType(buf);
  if (!mime) throw new ImageRejected('The file is not a JPEG or PNG image');
  const out = mime === 'image/jpeg' ? stripJpeg(buf) : stripPng(buf);
  if (out.width * out.height > MAX_IMAGE_PIXELS)
    throw new ImageRejected(`The image is too large (${out.width}×${out.height} pixels; at most 100 million)`);
  return { mime, ...out };
}
