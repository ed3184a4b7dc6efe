/**
 * What a blob is found by: each label's own name, its parents and its aliases, normalized, so
 * `animal` finds the dog. A name reached through several labels (Animal, parent of both Dog and
 * Cat) keeps the highest confidence among them: minConfidence applies to the label that matched,
 * and the blob matches when any of them is confident enough.
 */
import type { Label } from '../../../api/generated/graphql.js';

export const MAX_NAME_LENGTH = 100;

/** Case-insensitive and blind to spacing, so `Hot  Dog ` and `hot dog` are one name. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export interface Term {
  /** Normalized: the index's key. */
  key: string;
  /** As Rekognition spelled it, for display (myLabels). */
  name: string;
  confidence: number;
}

type LabelLike = Pick<Label, 'name' | 'confidence' | 'parents'> & { aliases?: readonly string[] | null };

export function termsOf(labels: readonly LabelLike[] | null | undefined): Term[] {
  const terms = new Map<string, Term>();
  for (const label of labels ?? []) {
    for (const name of [label.name, ...(label.parents ?? []), ...(label.aliases ?? [])]) {
      const key = normalizeName(name);
      if (!key || key.length > MAX_NAME_LENGTH) continue;
      const seen = terms.get(key);
      if (!seen || seen.confidence < label.confidence) terms.set(key, { key, name: seen?.name ?? name.trim(), confidence: label.confidence });
    }
  }
  return [...terms.values()];
}

/** The confidence with which the labels carry `key`, or undefined when they do not. */
export function confidenceOf(labels: readonly LabelLike[] | null | undefined, key: string): number | undefined {
  return termsOf(labels).find((t) => t.key === key)?.confidence;
}
