/**
 * The page's feature choice and the results beyond labels, behind three calls main.ts makes:
 * what to ask for, a new image (reset, blur while moderation is pending), and the result.
 */
import type { Blob, BlobFeature } from '../../../api/generated/graphql.js';
import { chosenFeatures, chosenMinConfidence, renderFeatureChoice } from './choice.js';
import { applyModeration, blurPending, clearModeration } from './moderation-blur.js';
import { renderFeatureBoxes } from './render-feature-boxes.js';
import { renderFeatureResults } from './render-feature-results.js';

function element<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`index.html lacks #${id} (${type.name})`);
  return found;
}

const parts = () => ({
  choice: element('feature-choice', HTMLFieldSetElement),
  stage: element('image-stage', HTMLDivElement),
  boxes: element('feature-boxes', HTMLDivElement),
  warning: element('moderation-warning', HTMLDivElement),
  results: element('feature-results', HTMLDivElement),
});

export function setUpFeatureChoice(): void {
  renderFeatureChoice(parts().choice);
}

/** What the next image asks for: the features and, when given and one of them uses it, the minimum confidence. */
export function askedFeatures(): { features: BlobFeature[]; minConfidence?: number } {
  const { choice } = parts();
  const features = chosenFeatures(choice);
  const usesThreshold = features.includes('LABELS') || features.includes('MODERATION');
  return { features, minConfidence: usesThreshold ? chosenMinConfidence(choice) : undefined };
}

/** A new image: nothing from the last one stays, and a moderation check blurs until it answers. */
export function resetFeatureResults(asked: BlobFeature[]): void {
  const p = parts();
  renderFeatureBoxes(p.boxes, undefined);
  renderFeatureResults(p.results, undefined);
  if (asked.includes('MODERATION')) blurPending(p.stage, p.warning);
  else clearModeration(p.stage, p.warning);
}

export function showFeatureResults(blob: Blob | undefined): void {
  const p = parts();
  renderFeatureBoxes(p.boxes, blob);
  renderFeatureResults(p.results, blob);
  if (blob?.features.includes('MODERATION')) applyModeration(p.stage, p.warning, blob.moderationLabels);
  else clearModeration(p.stage, p.warning);
}
