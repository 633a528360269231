// What the photo sanitizer gives and how it refuses. Pure shapes: no I/O.

export type ImageMime = 'image/jpeg' | 'image/png';
export const IMAGE_MIMES: readonly ImageMime[] = ['image/jpeg', 'image/png'];

/** An image with its metadata taken out: the bytes to store and what was dropped (for the audit row). */
export interface StrippedImage {
  data: Buffer;
  width: number;
  height: number;
  /** What was dropped, e.g. 'APP1:Exif', 'COM', 'tEXt', 'trailer:1234'. */
  removed: string[];
}

export interface SanitizedImage extends StrippedImage {
  mime: ImageMime;
}

/** The bytes are not an image this server accepts; the message says why, in words a user can act on. */
export class ImageRejected extends Error {
  override readonly name = 'ImageRejected';
}
