/**
 * Moderation: while the answer is pending, and when it finds anything, the preview (and every
 * box over it) is blurred behind a warning; the user chooses to see the image.
 */
import type { ModerationLabel } from '../../../api/generated/graphql.js';

export function blurPending(stage: HTMLElement, warning: HTMLElement): void {
  stage.classList.add('moderated');
  warning.hidden = true;
}

/** `labels` null means the check itself failed: the image stays blurred, since nobody vouched for it. */
export function applyModeration(stage: HTMLElement, warning: HTMLElement, labels: ModerationLabel[] | null | undefined): void {
  if (labels && labels.length === 0) {
    clearModeration(stage, warning);
    return;
  }
  stage.classList.add('moderated');
  const names = [...(labels ?? [])]
    .sort((a, b) => b.confidence - a.confidence)
    .map((l) => `${l.name} (${l.confidence.toFixed(0)}%)`)
    .join(', ');
  const title = document.createElement('strong');
  title.textContent = labels ? 'This image may be unsuitable.' : 'This image could not be checked.';
  const detail = document.createElement('span');
  detail.textContent = labels ? `Moderation found: ${names}.` : 'The moderation check failed, so the image is hidden until you choose to see it.';
  const reveal = document.createElement('button');
  reveal.type = 'button';
  reveal.id = 'reveal-image';
  reveal.textContent = 'Show the image';
  reveal.addEventListener('click', () => clearModeration(stage, warning));
  warning.replaceChildren(title, detail, reveal);
  warning.hidden = false;
}

export function clearModeration(stage: HTMLElement, warning: HTMLElement): void {
  stage.classList.remove('moderated');
  warning.hidden = true;
  warning.replaceChildren();
}
