/**
 * A storage upload's options from its object metadata (functions/lib/metadata-options.ts), judged
 * as createBlob judges its input, and the blob id derived from its key (api/storage-blob-id.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseStorageKey } from '../../api/object-keys.js';
import { storageBlobId } from '../../api/storage-blob-id.js';
import { featureOptions } from '../../functions/lib/feature-options.js';
import { metadataOptions } from '../../functions/lib/metadata-options.js';

describe('metadataOptions', () => {
  it("takes createBlob's defaults when the metadata names nothing, and reads features and numbers from text", () => {
    expect(metadataOptions({})).toEqual({ ok: true, options: { features: ['LABELS'], minConfidence: null, maxLabels: null } });
    expect(metadataOptions({ features: ' LABELS, TEXT ,MODERATION', 'min-confidence': '72.5', 'max-labels': '10' })).toEqual({ ok: true, options: { features: ['LABELS', 'TEXT', 'MODERATION'], minConfidence: 72.5, maxLabels: 10 } });
  });

  it("refuses what createBlob refuses, with createBlob's message", () => {
    const same = (metadata: Record<string, string>, input: Parameters<typeof featureOptions>[0]) => expect(metadataOptions(metadata)).toEqual(featureOptions(input));
    same({ features: 'TEXT', 'max-labels': '5' }, { features: ['TEXT'], maxLabels: 5 });
    same({ features: 'LABELS,LABELS' }, { features: ['LABELS', 'LABELS'] });
    same({ features: '' }, { features: [] });
    same({ 'min-confidence': '101' }, { minConfidence: 101 });
    same({ 'max-labels': '2.5' }, { maxLabels: 2.5 });
    expect(metadataOptions({ features: 'LABELS,SMELL' })).toEqual({ ok: false, message: 'features must name only LABELS, IMAGE_PROPERTIES, TEXT, FACES, MODERATION; got SMELL' });
    expect(metadataOptions({ 'min-confidence': 'high' })).toEqual({ ok: false, message: 'minConfidence must be between 0 and 100; got "high"' });
    expect(metadataOptions({ 'max-labels': 'ten' })).toEqual({ ok: false, message: 'maxLabels must be a whole number from 1 to 1000; got "ten"' });
  });
});

describe('storage keys and their blob ids', () => {
  it('parses photos/<identity id>/<path>, and nothing else', () => {
    expect(parseStorageKey('photos/us-east-1:0b6c7e4e-1f0a-4c55-9a6e-7d1f2b3c4d5e/album/a.jpg')).toEqual({ identityId: 'us-east-1:0b6c7e4e-1f0a-4c55-9a6e-7d1f2b3c4d5e', path: 'album/a.jpg' });
    for (const key of ['uploads/users/x', 'photos/us-east-1:0b6c7e4e-1f0a-4c55-9a6e-7d1f2b3c4d5e/', 'photos/us-east-1:0b6c7e4e-1f0a-4c55-9a6e-7d1f2b3c4d5e', 'photos/not-an-identity/a.jpg', 'photos/us-east-1:0b6c7e4e-1f0a-4c55-9a6e-7d1f2b3c4d5e/album/']) {
      expect(parseStorageKey(key)).toBeUndefined();
    }
  });

  it('derives one UUID (version 8) per key, the same every time', async () => {
    const a = await storageBlobId('photos/us-east-1:0b6c7e4e-1f0a-4c55-9a6e-7d1f2b3c4d5e/a.jpg');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await storageBlobId('photos/us-east-1:0b6c7e4e-1f0a-4c55-9a6e-7d1f2b3c4d5e/a.jpg')).toBe(a);
    expect(await storageBlobId('photos/us-east-1:0b6c7e4e-1f0a-4c55-9a6e-7d1f2b3c4d5e/b.jpg')).not.toBe(a);
  });
});
