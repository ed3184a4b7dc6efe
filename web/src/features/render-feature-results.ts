/**
 * The results beyond labels, beside the image: colour swatches and quality, the text read,
 * the faces found, moderation labels, and any feature that failed. Only what was asked for
 * appears.
 */
import type { Blob, DominantColor } from '../../../api/generated/graphql.js';

function section(title: string, className: string, ...content: Node[]): HTMLElement {
  const element = document.createElement('section');
  element.className = `feature-result ${className}`;
  const heading = document.createElement('h3');
  heading.textContent = title;
  element.append(heading, ...content);
  return element;
}

function text(tag: string, content: string, className?: string): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) element.className = className;
  return element;
}

function swatches(colours: DominantColor[]): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'swatches';
  for (const c of colours) {
    const item = document.createElement('li');
    item.className = 'swatch';
    item.dataset.hex = c.hexCode;
    const chip = document.createElement('span');
    chip.className = 'swatch-chip';
    chip.style.background = c.hexCode;
    const name = c.cssColor ?? c.simplifiedColor ?? c.hexCode;
    item.title = `${name} ${c.hexCode}, ${c.pixelPercent.toFixed(1)}% of the pixels`;
    item.append(chip, text('span', `${name} ${c.pixelPercent < 1 ? '<1' : c.pixelPercent.toFixed(0)}%`, 'swatch-name'));
    list.append(item);
  }
  return list;
}

const quality = (q: { brightness?: number | null; sharpness?: number | null; contrast?: number | null } | null | undefined) =>
  q ? [`brightness ${q.brightness?.toFixed(0) ?? '–'}`, `sharpness ${q.sharpness?.toFixed(0) ?? '–'}`, `contrast ${q.contrast?.toFixed(0) ?? '–'}`].join(' · ') : '';

export function renderFeatureResults(panel: HTMLElement, blob: Blob | undefined): void {
  if (!blob) return panel.replaceChildren();
  const asked = new Set(blob.features);
  const sections: HTMLElement[] = [];
  const none = (what: string) => text('p', what, 'feature-none');

  if (asked.has('IMAGE_PROPERTIES') && blob.imageProperties) {
    const p = blob.imageProperties;
    sections.push(section('Colours', 'image-properties', swatches(p.dominantColors), text('p', quality(p.quality), 'quality')));
  }
  if (asked.has('TEXT') && blob.text) {
    const lines = blob.text.filter((t) => t.type === 'LINE');
    const list = document.createElement('ol');
    list.className = 'text-lines';
    list.append(...lines.map((l) => text('li', l.detectedText)));
    sections.push(section('Text', 'text', lines.length ? list : none('No text found.')));
  }
  if (asked.has('FACES') && blob.faces) {
    const list = document.createElement('ol');
    list.className = 'faces';
    list.append(
      ...blob.faces.map((f) => {
        const emotion = [...(f.emotions ?? [])].sort((a, b) => b.confidence - a.confidence)[0];
        const parts = [f.ageRange?.low != null ? `age ${f.ageRange.low}–${f.ageRange.high}` : '', f.gender ? f.gender.value.toLowerCase() : '', emotion ? `${emotion.type.toLowerCase()} ${emotion.confidence.toFixed(0)}%` : ''];
        return text('li', `${f.confidence.toFixed(0)}% face${parts.some(Boolean) ? `: ${parts.filter(Boolean).join(', ')}` : ''}`);
      }),
    );
    sections.push(section('Faces', 'faces-result', blob.faces.length ? list : none('No faces found.')));
  }
  if (asked.has('MODERATION') && blob.moderationLabels) {
    const list = document.createElement('ul');
    list.className = 'moderation-labels';
    list.append(...blob.moderationLabels.map((m) => text('li', `${m.parentName ? `${m.parentName} › ` : ''}${m.name} ${m.confidence.toFixed(0)}%`)));
    sections.push(section('Moderation', 'moderation', blob.moderationLabels.length ? list : none('Nothing unsafe found.')));
  }
  if (blob.featureErrors?.length) {
    const list = document.createElement('ul');
    list.append(...blob.featureErrors.map((e) => text('li', `${e.feature}: ${e.message} (${e.code})`)));
    sections.push(section('Not available', 'feature-errors', list));
  }
  panel.replaceChildren(...sections);
}
