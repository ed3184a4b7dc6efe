/**
 * Which Rekognition features the next image asks for: one checkbox per feature inside the
 * page's #feature-choice fieldset, LABELS on by default (the service's default too).
 */
import type { BlobFeature } from '../../../api/generated/graphql.js';

const CHOICES: Array<{ feature: BlobFeature; label: string; hint: string }> = [
  { feature: 'LABELS', label: 'Labels', hint: 'objects, with boxes' },
  { feature: 'IMAGE_PROPERTIES', label: 'Colours and quality', hint: 'dominant colours, brightness, sharpness' },
  { feature: 'TEXT', label: 'Text', hint: 'lines and words, with boxes' },
  { feature: 'FACES', label: 'Faces', hint: 'age, emotions, with boxes' },
  { feature: 'MODERATION', label: 'Moderation', hint: 'unsafe content; blurs the image if found' },
];

export function renderFeatureChoice(fieldset: HTMLFieldSetElement): void {
  const legend = document.createElement('legend');
  legend.textContent = 'Ask for';
  const threshold = document.createElement('label');
  threshold.className = 'feature-threshold';
  threshold.textContent = 'Minimum confidence (labels, moderation) ';
  const input = document.createElement('input');
  input.id = 'min-confidence';
  input.type = 'number';
  input.min = '0';
  input.max = '100';
  input.step = 'any';
  input.placeholder = '50';
  threshold.append(input, '%');
  fieldset.replaceChildren(
    legend,
    ...CHOICES.map(({ feature, label, hint }) => {
      const wrapper = document.createElement('label');
      wrapper.className = 'feature-option';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'feature';
      box.value = feature;
      box.checked = feature === 'LABELS';
      const name = document.createElement('span');
      name.textContent = label;
      const detail = document.createElement('small');
      detail.textContent = hint;
      wrapper.append(box, name, detail);
      return wrapper;
    }),
    threshold,
  );
}

/** The minimum confidence typed in, or undefined for the service's default (and for anything out of range, which the input marks invalid). */
export function chosenMinConfidence(fieldset: HTMLFieldSetElement): number | undefined {
  const input = fieldset.querySelector<HTMLInputElement>('#min-confidence');
  if (!input || input.value.trim() === '' || !input.checkValidity()) return undefined;
  return Number(input.value);
}

/** The ticked features; none ticked falls back to the default rather than a refused request. */
export function chosenFeatures(fieldset: HTMLFieldSetElement): BlobFeature[] {
  const ticked = Array.from(fieldset.querySelectorAll<HTMLInputElement>('input[name="feature"]:checked'), (box) => box.value as BlobFeature);
  return ticked.length ? ticked : ['LABELS'];
}
