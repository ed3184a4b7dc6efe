/**
 * Bounding boxes over the image, as absolutely-positioned elements sized in percent: the box
 * ratios (0..1 of the image's width and height) then hold at any displayed size.
 */
import type { Label } from '../../api/generated/graphql.js';
import { colourFor } from './colours.js';
import { ui } from './dom.js';

const percent = (ratio: number) => `${(Math.max(0, Math.min(1, ratio)) * 100).toFixed(3)}%`;

export function renderBoxes(labels: Label[]): void {
  const boxes = labels.flatMap((label) =>
    label.instances.map((instance) => {
      const { left, top, width, height } = instance.boundingBox;
      const box = document.createElement('div');
      box.className = 'box';
      box.dataset.label = label.name;
      box.style.setProperty('--label-colour', colourFor(label.name));
      Object.assign(box.style, { left: percent(left), top: percent(top), width: percent(width), height: percent(height) });
      const tag = document.createElement('span');
      // A box at the right edge gets its tag anchored right, so the tag stays over the image.
      tag.className = left + width > 0.85 ? 'box-tag end' : 'box-tag';
      tag.textContent = `${label.name} ${instance.confidence.toFixed(0)}%`;
      box.append(tag);
      return box;
    }),
  );
  ui.boxes.replaceChildren(...boxes);
}

/** Dims every box but the named label's (or shows all again with undefined). */
export function highlightBoxes(name: string | undefined): void {
  ui.boxes.classList.toggle('focused', name !== undefined);
  ui.boxes.querySelectorAll<HTMLElement>('.box').forEach((box) => box.classList.toggle('highlighted', box.dataset.label === name));
}
