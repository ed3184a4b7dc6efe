/**
 * `--features labels,text,…`: the CLI's spelling of the API's BlobFeature values. Light on
 * purpose (no imports): cli/program.ts parses flags with it before anything heavy loads.
 */
import { InvalidArgumentError } from 'commander';
import type { BlobFeature } from '../api/generated/graphql.js';

export const FEATURE_NAMES: Record<string, BlobFeature> = {
  labels: 'LABELS',
  'image-properties': 'IMAGE_PROPERTIES',
  text: 'TEXT',
  faces: 'FACES',
  moderation: 'MODERATION',
};

export function parseFeatures(raw: string): BlobFeature[] {
  const names = raw
    .split(',')
    .map((n) => n.trim().toLowerCase().replace(/_/g, '-'))
    .filter(Boolean);
  if (names.length === 1 && names[0] === 'all') return Object.values(FEATURE_NAMES);
  const unknown = names.filter((n) => !(n in FEATURE_NAMES));
  if (unknown.length || !names.length) throw new InvalidArgumentError(`expected a comma-separated list of ${Object.keys(FEATURE_NAMES).join(', ')} (or all); got "${raw}"`);
  return [...new Set(names.map((n) => FEATURE_NAMES[n]))];
}

export function parseConfidence(raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) throw new InvalidArgumentError('must be a number from 0 to 100');
  return value;
}
