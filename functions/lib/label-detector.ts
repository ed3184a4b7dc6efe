/**
 * DetectLabels → LABELS (GENERAL_LABELS) and IMAGE_PROPERTIES, one call when both are asked,
 * since Rekognition bills each feature of the one call.
 */
import { DetectLabelsCommand, type DetectLabelsFeatureName, type DominantColor as AwsDominantColor, type DetectLabelsImageQuality } from '@aws-sdk/client-rekognition';
import type { DominantColor, ImageQuality, Label } from '../../api/generated/graphql.js';
import { box, round, roundOrNull, s3Image, type Detector } from './detectors/port.js';

export const LABEL_OPTIONS = { maxLabels: 25, minConfidence: 50, maxDominantColors: 10 } as const;

const quality = (q: DetectLabelsImageQuality | undefined): ImageQuality | null =>
  q ? { brightness: roundOrNull(q.Brightness, 2), sharpness: roundOrNull(q.Sharpness, 2), contrast: roundOrNull(q.Contrast, 2) } : null;

const colours = (list: AwsDominantColor[] | undefined): DominantColor[] =>
  (list ?? []).map((c) => ({
    red: c.Red ?? 0,
    green: c.Green ?? 0,
    blue: c.Blue ?? 0,
    hexCode: c.HexCode ?? '',
    cssColor: c.CSSColor ?? null,
    simplifiedColor: c.SimplifiedColor ?? null,
    pixelPercent: round(c.PixelPercent, 2),
  }));

export const labelDetector: Detector = {
  operation: 'DetectLabels',
  answers: ['LABELS', 'IMAGE_PROPERTIES'],
  async detect(client, image, asked, options) {
    const features: DetectLabelsFeatureName[] = [];
    if (asked.includes('LABELS')) features.push('GENERAL_LABELS');
    if (asked.includes('IMAGE_PROPERTIES')) features.push('IMAGE_PROPERTIES');
    const out = await client.send(
      new DetectLabelsCommand({
        Image: s3Image(image),
        Features: features,
        ...(asked.includes('LABELS') && { MaxLabels: options.maxLabels ?? LABEL_OPTIONS.maxLabels, MinConfidence: options.minConfidence ?? LABEL_OPTIONS.minConfidence }),
        ...(asked.includes('IMAGE_PROPERTIES') && { Settings: { ImageProperties: { MaxDominantColors: LABEL_OPTIONS.maxDominantColors } } }),
      }),
    );
    const labels: Label[] = (out.Labels ?? []).map((l) => ({
      name: l.Name ?? 'Unknown',
      confidence: round(l.Confidence),
      parents: (l.Parents ?? []).map((p) => p.Name ?? '').filter(Boolean),
      aliases: (l.Aliases ?? []).map((a) => a.Name ?? '').filter(Boolean),
      instances: (l.Instances ?? []).map((i) => ({ confidence: round(i.Confidence), boundingBox: box(i.BoundingBox) })),
    }));
    const props = out.ImageProperties;
    const region = (r: { Quality?: DetectLabelsImageQuality; DominantColors?: AwsDominantColor[] } | undefined) => (r ? { quality: quality(r.Quality), dominantColors: colours(r.DominantColors) } : null);
    return {
      ...(asked.includes('LABELS') && { labels }),
      ...(asked.includes('IMAGE_PROPERTIES') && {
        imageProperties: { quality: quality(props?.Quality), dominantColors: colours(props?.DominantColors), foreground: region(props?.Foreground), background: region(props?.Background) },
      }),
    };
  },
};
