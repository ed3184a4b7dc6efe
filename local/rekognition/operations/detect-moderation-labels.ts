/**
 * DetectModerationLabels from nsfwjs's five classes, placed in Rekognition's moderation taxonomy
 * (version 7). The classifier only knows the sexual-content branch: violence, visually disturbing
 * content, drugs and tobacco, alcohol, gambling, rude gestures and hate symbols are never reported.
 */
import type { DetectModerationLabelsResponse, ModerationLabel } from '@aws-sdk/client-rekognition';
import { numberParam } from '../api-error.js';
import type { Labeller } from '../labeller.js';

/**
 * Each offline label and the nsfwjs classes whose probabilities it sums. Porn and Hentai are
 * explicit nudity (photographed or drawn); Sexy is nsfwjs's swimwear, lingerie and suggestive
 * class, the closest of AWS's level-1 categories being Swimwear or Underwear. Neutral and Drawing
 * are safe content.
 */
const TAXONOMY: { name: string; parent: string; level: number; classes: string[] }[] = [
  { name: 'Explicit', parent: '', level: 1, classes: ['Porn', 'Hentai'] },
  { name: 'Explicit Nudity', parent: 'Explicit', level: 2, classes: ['Porn', 'Hentai'] },
  { name: 'Swimwear or Underwear', parent: '', level: 1, classes: ['Sexy'] },
];

export interface DetectModerationLabelsInput {
  MinConfidence?: unknown;
}

export async function detectModerationLabels(labeller: Labeller, image: Uint8Array, input: DetectModerationLabelsInput): Promise<DetectModerationLabelsResponse> {
  const minConfidence = numberParam(input.MinConfidence, 'MinConfidence', { min: 0, max: 100, fallback: 50 });
  const { classes } = await labeller.run({ kind: 'moderation' }, image);
  const ModerationLabels: ModerationLabel[] = TAXONOMY.map((entry) => ({
    Name: entry.name,
    ParentName: entry.parent,
    TaxonomyLevel: entry.level,
    Confidence: Math.round(Math.min(100, entry.classes.reduce((sum, c) => sum + (classes[c] ?? 0), 0) * 100) * 1000) / 1000,
  }))
    .filter((label) => label.Confidence >= minConfidence)
    .sort((a, b) => b.Confidence - a.Confidence);
  return { ModerationLabels, ModerationModelVersion: '7.0' };
}
