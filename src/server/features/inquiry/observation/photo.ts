import sharp from 'sharp';
import { invalidField } from '#server/platform/errors.ts';

/**
 * A photo of student work as Trellis keeps it: decoded, turned upright, at most 2000 px on its long
 * side and encoded again as JPEG. Encoding anew keeps none of the upload's metadata (EXIF, GPS, the
 * camera, the time), since sharp writes none unless asked; a photo taken in a classroom never says
 * where the classroom is.
 */

const FIELD = '/body/photo';
const LONG_SIDE = 2000;
/** Bounds the memory one decode may take (a 50-megapixel image). */
const MAX_PIXELS = 50_000_000;
const FORMATS = new Set(['jpeg', 'png', 'webp']);

/** What an iPhone's HEIC photo is told: what to do instead, since it cannot be read here. */
export const HEIC_MESSAGE =
  'is an iPhone HEIC photo, which Trellis cannot read. Add the photo from the observation sheet, which asks the phone for a JPEG, or set Settings › Camera › Formats to Most Compatible';

export interface ProcessedPhoto {
  data: Buffer;
  width: number;
  height: number;
}

// HEIF files open with an `ftyp` box naming a HEIC/HEIF brand.
const HEIF_BRANDS = /^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/;
function isHeif(input: Buffer): boolean {
  if (input.length < 12 || input.toString('latin1', 4, 8) !== 'ftyp') return false;
  return HEIF_BRANDS.test(input.toString('latin1', 8, 12));
}

/** Re-encodes an uploaded photo, refusing what is not a JPEG, PNG or WebP image with a message naming the field. */
export async function processObservationPhoto(input: Buffer): Promise<ProcessedPhoto> {
  if (isHeif(input)) throw invalidField(FIELD, HEIC_MESSAGE);
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: MAX_PIXELS }).metadata()).format;
  } catch {
    throw invalidField(FIELD, 'must be a JPEG, PNG or WebP photo');
  }
  if (!format || !FORMATS.has(format)) throw invalidField(FIELD, 'must be a JPEG, PNG or WebP photo');
  try {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_PIXELS })
      .rotate()
      .resize(LONG_SIDE, LONG_SIDE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    throw invalidField(FIELD, 'could not be read as an image; it may be damaged');
  }
}
