/**
 * The inverted index's items: one per (blob, normalized name), in the blobs table under
 * LABEL_ITEM_PREFIX ids. Their keys are derived from the blob alone, so writing them again
 * (a redelivered event) puts the same items, and deleting needs nothing but the blob record.
 */
import { LABEL_ITEM_PREFIX, labelKeyOf } from '../../../api/blob-table.js';
import type { BlobRecord } from '../blob-record.js';
import { termsOf } from './terms.js';

export interface LabelIndexItem {
  id: string;
  /** `<owner>#<name>`: the byLabel partition. */
  labelKey: string;
  /** `<createdAt>#<blobId>`: newest first, and unique within a partition. */
  labelSort: string;
  /** The labelsByOwner partition. Not `owner`: that would put the item in myBlobs. */
  labelOwner: string;
  labelName: string;
  blobId: string;
  confidence: number;
  /** The blob's own expiry, when it has one: index items follow their blob's retention. */
  expiresAt?: number;
}

export { labelKeyOf };
export const labelSortOf = (createdAt: string, blobId: string) => `${createdAt}#${blobId}`;
export const blobIdOfSort = (sort: string) => sort.slice(sort.lastIndexOf('#') + 1);

/** The items a blob is found by: only a signed-in owner's labelled blob has any. */
export function indexItemsOf(record: BlobRecord): LabelIndexItem[] {
  if (!record.owner || record.status !== 'LABELLED') return [];
  const owner = record.owner;
  return termsOf(record.labels).map((term) => ({
    id: `${LABEL_ITEM_PREFIX}${record.id}#${term.key}`,
    labelKey: labelKeyOf(owner, term.key),
    labelSort: labelSortOf(record.createdAt, record.id),
    labelOwner: owner,
    labelName: term.name,
    blobId: record.id,
    confidence: term.confidence,
    ...(typeof record.expiresAt === 'number' && { expiresAt: record.expiresAt }),
  }));
}
