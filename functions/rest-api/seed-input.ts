/**
 * The seed's POST /blobs body ({"callback_url", "content_type"?, "features"?, …}, snake_case) as
 * createBlob's input. Only the JSON shape is checked here; what the values may be (content types,
 * the SSRF guard, feature options) is createBlob's own validation, whose messages are reworded
 * with the seed's field names.
 */
import type { BlobFeature, CreateBlobInput } from '../../api/generated/graphql.js';

/** Seed body field → createBlob input field, with the JSON type each must have. */
const FIELDS = {
  callback_url: { input: 'callbackUrl', type: 'string' },
  content_type: { input: 'contentType', type: 'string' },
  features: { input: 'features', type: 'string[]' },
  min_confidence: { input: 'minConfidence', type: 'number' },
  max_labels: { input: 'maxLabels', type: 'number' },
} as const satisfies Record<string, { input: keyof CreateBlobInput; type: 'string' | 'number' | 'string[]' }>;

type SeedField = keyof typeof FIELDS;

/** GraphQL checks enum values before createBlob runs; here the body is plain JSON. A Record, so a feature added to the schema fails to compile until listed. */
const FEATURE_NAMES: Record<BlobFeature, true> = { LABELS: true, IMAGE_PROPERTIES: true, TEXT: true, FACES: true, MODERATION: true };
const isFeature = (name: string): name is BlobFeature => Object.hasOwn(FEATURE_NAMES, name);

export type SeedInputResult = { ok: true; input: CreateBlobInput } | { ok: false; message: string };

const hasType = (value: unknown, type: (typeof FIELDS)[SeedField]['type']) =>
  type === 'string[]' ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === type;

export function seedInput(body: string | null): SeedInputResult {
  let parsed: unknown;
  try {
    parsed = body ? JSON.parse(body) : {};
  } catch {
    return { ok: false, message: 'The request body is not valid JSON' };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, message: 'The request body must be a JSON object, e.g. {"callback_url": "https://…"}' };
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parsed)) {
    const field = FIELDS[name as SeedField];
    if (!field) return { ok: false, message: `Unknown field "${name}": expected ${Object.keys(FIELDS).join(', ')}` };
    if (value === null) continue;
    if (!hasType(value, field.type)) return { ok: false, message: `${name} must be ${field.type === 'string[]' ? 'an array of strings' : `a ${field.type}`}` };
    if (name === 'features') {
      const unknown = (value as string[]).filter((f) => !isFeature(f));
      if (unknown.length) return { ok: false, message: `features must be among ${Object.keys(FEATURE_NAMES).join(', ')}; got ${unknown.join(', ')}` };
    }
    input[field.input] = value;
  }
  return { ok: true, input: input as CreateBlobInput };
}

/** createBlob's messages name its GraphQL fields; a seed client sent the snake_case ones. */
export function inSeedTerms(message: string): string {
  return Object.entries(FIELDS).reduce((text, [seed, { input }]) => text.replace(new RegExp(`\\b${input}\\b`, 'g'), seed), message);
}
