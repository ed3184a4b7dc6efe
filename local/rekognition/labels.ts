/** Names raw detections the way Rekognition DetectLabels answers. */
import type { Label } from '@aws-sdk/client-rekognition';
import { cocoTaxonomy, faceEntry } from './coco-taxonomy.js';
import type { DetectionResult } from './detection.js';

/**
 * The model's scores are not calibrated like Rekognition's confidences. √score keeps the order
 * and maps the model's useful range (0.25–0.7) onto 50–84, so Rekognition's default
 * MinConfidence (55) stays meaningful locally. A product choice, documented in the README.
 */
export const scoreToConfidence = (score: number) => Math.round(Math.sqrt(score) * 100 * 1000) / 1000;
export const confidenceToScore = (confidence: number) => (confidence / 100) ** 2;

export function toRekognitionLabels(result: DetectionResult, o: { minConfidence: number; maxLabels?: number }): Label[] {
  const byName = new Map<string, Label & { Confidence: number }>();
  const categoryOf = new Map<string, string>();
  for (const d of result.detections) {
    const entry = d.className === 'face' ? faceEntry : cocoTaxonomy[d.className];
    if (!entry) continue;
    const confidence = scoreToConfidence(d.score);
    if (confidence < o.minConfidence) continue;
    let label = byName.get(entry.name);
    if (!label) {
      label = { Name: entry.name, Confidence: 0, Instances: [], Parents: entry.parents.map((Name) => ({ Name })), Aliases: [], Categories: [{ Name: entry.category }] };
      byName.set(entry.name, label);
    }
    label.Confidence = Math.max(label.Confidence, confidence);
    label.Instances!.push({ Confidence: confidence, BoundingBox: { Left: d.box[0], Top: d.box[1], Width: d.box[2], Height: d.box[3] } });
    for (const parent of entry.parents) categoryOf.set(parent, entry.category);
  }
  // Rekognition also returns each parent as a label, as confident as its surest child, without instances.
  for (const label of [...byName.values()]) {
    for (const { Name } of label.Parents ?? []) {
      if (!Name) continue;
      const existing = byName.get(Name);
      if (existing) existing.Confidence = Math.max(existing.Confidence, label.Confidence);
      else byName.set(Name, { Name, Confidence: label.Confidence, Instances: [], Parents: [], Aliases: [], Categories: [{ Name: categoryOf.get(Name) ?? label.Categories![0].Name! }] });
    }
  }
  const labels = [...byName.values()].sort((a, b) => b.Confidence - a.Confidence);
  return o.maxLabels ? labels.slice(0, o.maxLabels) : labels;
}
