// A stored blob as the Blob type reads it. Blobs recorded before features existed asked for
// labels, the seed's only feature; their record has no `features`.
export function asBlob<T extends { features?: string[] | null }>(record: T): T {
  if (!record.features) {
    record.features = ['LABELS'];
  }
  return record;
}
