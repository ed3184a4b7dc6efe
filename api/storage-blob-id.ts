/**
 * The blob id of an Amplify Storage upload, derived from its object key: the same key gives the
 * same id on every delivery of its events (so a redelivered event finds the blob it made), and a
 * client that knows the path it uploads to knows the id before uploading, so it can subscribe to
 * onBlobLabelled(id) first. A name-based UUID (RFC 9562 version 8, SHA-256 of the key, as the RFC's
 * own example builds one): blob ids stay UUIDs, which no index or link item id can be
 * (api/blob-table.ts). Web Crypto, so browsers, Node and Lambda compute it alike.
 */
const DOMAIN = 'blobs:storage-upload:';

export async function storageBlobId(key: string): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${DOMAIN}${key}`)));
  const bytes = digest.slice(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC variant
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
