/**
 * Text lines and faces over the image, in a layer of their own beside the label boxes and in a
 * style apart from them: text dashed amber, faces dotted with rounded corners. Sized in
 * percent, like the label boxes, so they hold at any displayed size.
 */
import type { Blob, BoundingBox } from '../../../api/generated/graphql.js';

const percent = (ratio: number) => `${(Math.max(0, Math.min(1, ratio)) * 100).toFixed(3)}%`;

function outline(kind: 'text' | 'face', box: BoundingBox, tagText: string): HTMLElement {
  const element = document.createElement('div');
  element.className = `feature-box ${kind}-box`;
  Object.assign(element.style, { left: percent(box.left), top: percent(box.top), width: percent(box.width), height: percent(box.height) });
  const tag = document.createElement('span');
  tag.className = box.left + box.width > 0.85 ? 'feature-tag end' : 'feature-tag';
  tag.textContent = tagText;
  element.append(tag);
  return element;
}

export function renderFeatureBoxes(layer: HTMLElement, blob: Blob | undefined): void {
  const lines = (blob?.text ?? []).filter((t) => t.type === 'LINE').map((t) => outline('text', t.geometry.boundingBox, t.detectedText));
  const faces = (blob?.faces ?? []).map((f, i) => {
    const emotion = [...(f.emotions ?? [])].sort((a, b) => b.confidence - a.confidence)[0];
    const age = f.ageRange?.low !== undefined && f.ageRange?.low !== null ? `${f.ageRange.low}–${f.ageRange.high}` : '';
    return outline('face', f.boundingBox, [`Face ${i + 1}`, age, emotion ? emotion.type.toLowerCase() : ''].filter(Boolean).join(' · '));
  });
  layer.replaceChildren(...lines, ...faces);
}
