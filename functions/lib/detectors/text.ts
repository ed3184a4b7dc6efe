/** DetectText → TEXT: lines and their words, with boxes and polygons as ratios of the image. */
import { DetectTextCommand } from '@aws-sdk/client-rekognition';
import type { TextDetection } from '../../../api/generated/graphql.js';
import { box, round, s3Image, type Detector } from './port.js';

export const textDetector: Detector = {
  operation: 'DetectText',
  answers: ['TEXT'],
  async detect(client, image) {
    const out = await client.send(new DetectTextCommand({ Image: s3Image(image) }));
    const text: TextDetection[] = (out.TextDetections ?? []).map((t) => ({
      detectedText: t.DetectedText ?? '',
      type: t.Type === 'WORD' ? 'WORD' : 'LINE',
      id: t.Id ?? 0,
      parentId: t.ParentId ?? null,
      confidence: round(t.Confidence),
      geometry: { boundingBox: box(t.Geometry?.BoundingBox), polygon: (t.Geometry?.Polygon ?? []).map((p) => ({ x: round(p.X, 4), y: round(p.Y, 4) })) },
    }));
    return { text };
  },
};
