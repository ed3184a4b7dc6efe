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

/**
 * The thumbnail's key beside an image key (a legacy <id> key counts as anonymous). A storage
 * upload's (photos/<identity id>/<path>) sits under thumbnails/users/ with its whole key: outside
 * the user's own prefix, so Amplify's list never shows it, and under the users' lifecycle rules.
 */
export function thumbnailKey(imageKey: string): string {
  if (parseStorageKey(imageKey)) return `${THUMBNAIL_PREFIX}users/${imageKey}${THUMBNAIL_SUFFIX}`;
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

/** An identity id as Cognito writes it: `<region>:<uuid>`. */
export const IDENTITY_ID_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d:[0-9a-f-]{36}$/;

/** The identity and the path under it of an Amplify Storage key; undefined for any other key. */
export function parseStorageKey(key: string): { identityId: string; path: string } | undefined {
  if (!key.startsWith(USER_STORAGE_PREFIX)) return undefined;
  const rest = key.slice(USER_STORAGE_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash < 0 || slash === rest.length - 1) return undefined;
  const identityId = rest.slice(0, slash);
  // A key ending in / is a folder marker (Amplify's console makes them), never a photo.
  return IDENTITY_ID_PATTERN.test(identityId) && !key.endsWith('/') ? { identityId, path: rest.slice(slash + 1) } : undefined;
}

/**
 * Which bucket events reach the labelling function, declared once: the S3 notification
 * configuration on AWS (infra/constructs/labelling-trigger.ts) and the local S3's filter. Presigned
 * uploads are labelled when created; a storage upload also when removed (Amplify's `remove`), so
 * its blob goes with it. thumbnails/ raises nothing: the labeller's own output never labels itself.
 */
export type BucketEventKind = 'ObjectCreated' | 'ObjectRemoved';
export const LABELLING_EVENTS: readonly { prefix: string; events: readonly BucketEventKind[] }[] = [
  { prefix: UPLOAD_PREFIX, events: ['ObjectCreated'] },
  { prefix: USER_STORAGE_PREFIX, events: ['ObjectCreated', 'ObjectRemoved'] },
];
