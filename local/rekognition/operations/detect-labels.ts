/** DetectLabels: GENERAL_LABELS (COCO objects, named the Rekognition way) and/or IMAGE_PROPERTIES. */
import type { DetectLabelsImageProperties, DetectLabelsResponse, DominantColor, Label } from '@aws-sdk/client-rekognition';
import { invalidParameter, numberParam, stringListParam } from '../api-error.js';
import { hexCode, nearestCssColor, simplifiedColor } from '../css-colors.js';
import type { RawColor, RawImageProperties, RawRegion } from '../detection.js';
import type { Labeller } from '../labeller.js';
import { confidenceToScore, toRekognitionLabels } from '../labels.js';

const FEATURES = ['GENERAL_LABELS', 'IMAGE_PROPERTIES'] as const;

export interface DetectLabelsInput {
  Features?: unknown;
  MinConfidence?: unknown;
  MaxLabels?: unknown;
  Settings?: { GeneralLabels?: Record<string, unknown>; ImageProperties?: { MaxDominantColors?: unknown } };
}

export async function detectLabels(labeller: Labeller, image: Uint8Array, input: DetectLabelsInput): Promise<DetectLabelsResponse> {
  const features = stringListParam(input.Features, 'Features', FEATURES) ?? ['GENERAL_LABELS'];
  if (!features.length) throw invalidParameter('Features must name at least one feature');
  const minConfidence = numberParam(input.MinConfidence, 'MinConfidence', { min: 0, max: 100, fallback: 55 });
  const maxLabels = numberParam(input.MaxLabels, 'MaxLabels', { min: 0, max: 1000, integer: true, fallback: 1000 });
  const maxColors = numberParam(input.Settings?.ImageProperties?.MaxDominantColors, 'MaxDominantColors', { min: 0, max: 20, integer: true, fallback: 10 });
  const filters = labelFilters(input.Settings?.GeneralLabels);
  const generalLabels = features.includes('GENERAL_LABELS');
  const properties = features.includes('IMAGE_PROPERTIES');

  // The foreground is what the labels' boxes cover: the detections MinConfidence would report.
  const result = await labeller.run({ kind: 'labels', objects: generalLabels, properties: properties ? { maxDominantColors: maxColors, minScore: confidenceToScore(minConfidence) } : undefined }, image);
  const response: DetectLabelsResponse = { LabelModelVersion: '3.0' };
  if (generalLabels) response.Labels = filters(toRekognitionLabels(result, { minConfidence })).slice(0, maxLabels);
  if (properties && result.properties) response.ImageProperties = toImageProperties(result.properties);
  return response;
}

/** Settings.GeneralLabels: inclusion and exclusion by label name and by category, as Rekognition applies them. */
function labelFilters(settings: Record<string, unknown> | undefined) {
  const list = (name: string) => stringListParam(settings?.[name], name);
  const includeLabels = list('LabelInclusionFilters');
  const excludeLabels = list('LabelExclusionFilters');
  const includeCategories = list('LabelCategoryInclusionFilters');
  const excludeCategories = list('LabelCategoryExclusionFilters');
  return (labels: Label[]) =>
    labels.filter((label) => {
      const category = label.Categories?.[0]?.Name ?? '';
      const included = (!includeLabels?.length && !includeCategories?.length) || includeLabels?.includes(label.Name!) || includeCategories?.includes(category);
      return included && !excludeLabels?.includes(label.Name!) && !excludeCategories?.includes(category);
    });
}

function toDominantColor(c: RawColor): DominantColor {
  return { Red: c.red, Green: c.green, Blue: c.blue, HexCode: hexCode(c.red, c.green, c.blue), CSSColor: nearestCssColor(c.red, c.green, c.blue), SimplifiedColor: simplifiedColor(c.red, c.green, c.blue), PixelPercent: c.pixelPercent };
}

/** Foreground and background carry brightness and sharpness; contrast is given for the whole image, as on AWS. */
const region = (r: RawRegion) => ({ Quality: { Brightness: r.quality.brightness, Sharpness: r.quality.sharpness }, DominantColors: r.colors.map(toDominantColor) });

function toImageProperties(p: RawImageProperties): DetectLabelsImageProperties {
  return {
    Quality: { Brightness: p.image.quality.brightness, Sharpness: p.image.quality.sharpness, Contrast: p.image.quality.contrast },
    DominantColors: p.image.colors.map(toDominantColor),
    ...(p.foreground && { Foreground: region(p.foreground) }),
    ...(p.background && { Background: region(p.background) }),
  };
}
