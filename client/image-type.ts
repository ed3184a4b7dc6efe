/**
 * Tells JPEG and PNG apart from anything else by their first bytes, so a text file named
 * photo.jpg is refused before a blob is created for it. The service checks again (and decodes
 * the image); this only saves a round trip and gives a clearer message.
 */
export type ImageContentType = 'image/jpeg' | 'image/png';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function detectImageType(bytes: Uint8Array): ImageContentType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'image/png';
  return undefined;
}
