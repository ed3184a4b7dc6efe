/**
 * Where a blob's bytes live in the bucket, declared once for both runtimes: createBlob presigns
 * the upload key, the labelling trigger (S3 event filter on AWS, the local S3's) fires only under
 * UPLOAD_PREFIX, so the thumbnails the labeller writes never trigger labelling, and the lifecycle
 * rules expire by prefix, which is why the owner class is part of the key: S3 lifecycle filters
 * by prefix or tag, and a presigned PUT cannot make the uploader send a tag.
 *
 *   uploads/anonymous/<id>           an API-key or IAM caller's upload
 *   uploads/users/<id>               a signed-in user's upload
 *   thumbnails/anonymous/<id>.webp   (and thumbnails/users/…) the labeller's thumbnail
 *
 * Records made before this layout have no imageKey: their image is at the key <id>.
 */
export const UPLOAD_PREFIX = 'uploads/';
export const THUMBNAIL_PREFIX = 'thumbnails/';
export const THUMBNAIL_SUFFIX = '.webp';
export const THUMBNAIL_CONTENT_TYPE = 'image/webp';

/** Who a blob belongs to, as far as storage and retention are concerned. */
export type StorageClass = 'anonymous' | 'users';
export const STORAGE_CLASSES: readonly StorageClass[] = ['anonymous', 'users'];

export const storageClassOf = (owner: string | null | undefined): StorageClass => (owner ? 'users' : 'anonymous');

export const uploadKey = (id: string, storageClass: StorageClass) => `${UPLOAD_PREFIX}${storageClass}/${id}`;

/** Every prefix holding a storage class's objects: its uploads and its thumbnails. */
export const prefixesOf = (storageClass: StorageClass) => [`${UPLOAD_PREFIX}${storageClass}/`, `${THUMBNAIL_PREFIX}${storageClass}/`];

/** The thumbnail's key beside an image key (a legacy <id> key counts as anonymous). */
export function thumbnailKey(imageKey: string): string {
  const parsed = parseUploadKey(imageKey);
  return `${THUMBNAIL_PREFIX}${parsed?.storageClass ?? 'anonymous'}/${parsed?.id ?? imageKey}${THUMBNAIL_SUFFIX}`;
}

/** The blob id and storage class of an upload key; undefined for any other key. */
export function parseUploadKey(key: string): { id: string; storageClass: StorageClass } | undefined {
  const m = /^uploads\/(anonymous|users)\/([^/]+)$/.exec(key);
  return m ? { storageClass: m[1] as StorageClass, id: m[2] } : undefined;
}

/**
 * The legacy layout's keys, by their first character: a blob id is a lowercase UUID, so its key
 * starts with a hex digit, which no key of the layout above (uploads/, thumbnails/, photos/)
 * does. S3 lifecycle rules filter by prefix only, so these sixteen prefixes are how the bucket
 * still expires the images uploaded before the layout (their records carry a TTL, as every
 * record then did).
 */
export const LEGACY_IMAGE_PREFIXES: readonly string[] = [...'0123456789abcdef'];

/** The stored image's key of a record (the legacy layout when it has none). */
export const imageKeyOf = (record: { id: string; imageKey?: string | null }) => record.imageKey ?? record.id;

/**
 * Amplify Storage's per-user prefix: `photos/<identity id>/…`, which the identity pool's
 * authenticated role may use and nothing else (`photos/${cognito-identity.amazonaws.com:sub}/*`).
 */
export const USER_STORAGE_PREFIX = 'photos/';
