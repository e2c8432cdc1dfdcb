/**
 * A photo of student work made ready on the device before it is queued: turned upright, at most
 * 2000 px on its long side and drawn into a JPEG, which carries none of the camera's metadata (no
 * GPS). The server re-encodes it again and strips whatever is left; this keeps the queue small on
 * a phone whose connection may be gone for the whole lesson.
 */

const LONG_SIDE = 2000;

export const HEIC_REFUSAL =
  'This photo is in Apple’s HEIC format, which this browser cannot read. Add it with “Add photos” on the iPhone itself (the iPhone then hands over a JPEG), or set Settings › Camera › Formats to Most Compatible.';
export const NOT_A_PHOTO = 'This file is not a photo Trellis can read. Choose a JPEG, PNG or WebP photo.';

const isHeic = (file: File) => /image\/hei[cf]/i.test(file.type) || /\.hei[cf]$/i.test(file.name);

export async function preparePhoto(file: File): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new Error(isHeic(file) ? HEIC_REFUSAL : NOT_A_PHOTO);
  }
  const scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const context = canvas.getContext('2d');
  if (!context) {
    bitmap.close();
    return file;
  }
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob ?? file), 'image/jpeg', 0.85));
}
