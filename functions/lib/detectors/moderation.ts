/** DetectModerationLabels → MODERATION, in AWS's taxonomy (a top-level category has no parent). */
import { DetectModerationLabelsCommand } from '@aws-sdk/client-rekognition';
import type { ModerationLabel } from '../../../api/generated/graphql.js';
import { LABEL_OPTIONS } from '../label-detector.js';
import { round, s3Image, type Detector } from './port.js';

export const moderationDetector: Detector = {
  operation: 'DetectModerationLabels',
  answers: ['MODERATION'],
  async detect(client, image, _asked, options) {
    const out = await client.send(new DetectModerationLabelsCommand({ Image: s3Image(image), MinConfidence: options.minConfidence ?? LABEL_OPTIONS.minConfidence }));
    const moderationLabels: ModerationLabel[] = (out.ModerationLabels ?? []).map((m) => ({
      name: m.Name ?? 'Unknown',
      parentName: m.ParentName || null,
      confidence: round(m.Confidence),
      taxonomyLevel: m.TaxonomyLevel ?? null,
    }));
    return { moderationLabels };
  },
};
