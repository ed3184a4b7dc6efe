/**
 * The labels, most confident first, each with a confidence bar. Pointing at or focusing a label
 * highlights its boxes on the image.
 */
import type { Label } from '../../api/generated/graphql.js';
import { colourFor } from './colours.js';
import { ui } from './dom.js';
import { highlightBoxes } from './render-boxes.js';

/** `emptyNote` replaces the usual "nothing recognised" when there are no labels for another reason. */
export function renderLabels(labels: Label[], emptyNote = 'Nothing recognised in this image.'): void {
  ui.labels.replaceChildren(
    ...[...labels]
      .sort((a, b) => b.confidence - a.confidence)
      .map((label) => {
        const item = document.createElement('li');
        item.className = 'label';
        item.tabIndex = 0;
        item.dataset.label = label.name;
        item.style.setProperty('--label-colour', colourFor(label.name));

        const name = document.createElement('span');
        name.className = 'label-name';
        name.textContent = label.name;

        const value = document.createElement('span');
        value.className = 'label-confidence';
        value.textContent = `${label.confidence.toFixed(1)}%`;

        const bar = document.createElement('span');
        bar.className = 'confidence-bar';
        bar.setAttribute('role', 'meter');
        bar.setAttribute('aria-label', `${label.name} confidence`);
        bar.setAttribute('aria-valuemin', '0');
        bar.setAttribute('aria-valuemax', '100');
        bar.setAttribute('aria-valuenow', label.confidence.toFixed(1));
        const fill = document.createElement('span');
        fill.className = 'confidence-fill';
        fill.style.width = `${Math.max(0, Math.min(100, label.confidence))}%`;
        bar.append(fill);

        const detail = document.createElement('span');
        detail.className = 'label-detail';
        const boxes = label.instances.length;
        detail.textContent = [boxes ? `${boxes} box${boxes === 1 ? '' : 'es'}` : '', label.parents.length ? `in ${label.parents.join(', ')}` : ''].filter(Boolean).join(' · ');

        item.append(name, value, bar, detail);
        for (const [on, off] of [['mouseenter', 'mouseleave'], ['focus', 'blur']] as const) {
          item.addEventListener(on, () => highlightBoxes(label.name));
          item.addEventListener(off, () => highlightBoxes(undefined));
        }
        return item;
      }),
  );
  if (labels.length === 0) {
    const none = document.createElement('li');
    none.className = 'label-none';
    none.textContent = emptyNote;
    ui.labels.replaceChildren(none);
  }
}
