/** One image in "My images": its thumbnail, where it stands, its top labels, and a delete button. */
import type { Blob } from '../../../api/generated/graphql.js';

const STATUS_TEXT: Record<Blob['status'], string> = {
  PENDING_UPLOAD: 'Uploading',
  PROCESSING: 'Labelling…',
  LABELLED: 'Labelled',
  FAILED: 'Failed',
};

export interface CardContent {
  id: string;
  status: Blob['status'];
  /** The presigned thumbnailUrl (else imageUrl), or a local preview while the upload is on its way. */
  imageSrc?: string;
  labels: Blob['labels'];
  errorCode?: string;
  createdAt?: string;
}

export interface CardActions {
  open: (id: string) => void;
  remove: (id: string) => void;
  /** The thumbnail did not load (a presigned URL expires): ask for a fresh one. */
  stale: (id: string) => void;
}

export function topLabels(labels: Blob['labels'], count = 3): string[] {
  return [...(labels ?? [])].sort((a, b) => b.confidence - a.confidence).slice(0, count).map((label) => label.name);
}

export function renderCard(card: CardContent, actions: CardActions, existing?: HTMLLIElement): HTMLLIElement {
  const item = existing ?? document.createElement('li');
  item.className = 'gallery-item';
  item.dataset.blobId = card.id;
  item.dataset.status = card.status;

  const names = topLabels(card.labels);
  const summary =
    card.status === 'LABELLED' ? (names.length ? names.join(' · ') : 'Nothing recognised') : card.status === 'FAILED' ? `Could not be labelled (${card.errorCode ?? 'UNKNOWN'})` : '';
  const when = card.createdAt ? new Date(card.createdAt).toLocaleString() : '';

  const open = document.createElement('button');
  open.type = 'button';
  open.className = 'gallery-open';
  open.setAttribute('aria-label', `Show image${when ? ` from ${when}` : ''}${summary ? `: ${summary}` : ''}`);
  open.disabled = card.status !== 'LABELLED' && card.status !== 'FAILED';
  open.addEventListener('click', () => actions.open(card.id));
  if (card.imageSrc) {
    const thumb = document.createElement('img');
    thumb.className = 'thumb';
    thumb.alt = '';
    thumb.loading = 'lazy';
    thumb.src = card.imageSrc;
    thumb.addEventListener('error', () => actions.stale(card.id), { once: true });
    open.append(thumb);
  } else {
    const none = document.createElement('span');
    none.className = 'thumb thumb-missing';
    none.textContent = 'No picture';
    open.append(none);
  }

  const status = document.createElement('span');
  status.className = `badge status-${card.status}`;
  status.textContent = STATUS_TEXT[card.status];
  const labels = document.createElement('span');
  labels.className = 'gallery-labels';
  labels.textContent = summary;
  const time = document.createElement('time');
  if (card.createdAt) time.dateTime = card.createdAt;
  time.textContent = when;
  const meta = document.createElement('div');
  meta.className = 'gallery-meta';
  meta.append(status, labels, time);

  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'gallery-delete';
  remove.textContent = 'Delete';
  remove.setAttribute('aria-label', `Delete this image${summary ? ` (${summary})` : ''}`);
  remove.addEventListener('click', () => actions.remove(card.id));

  item.replaceChildren(open, meta, remove);
  return item;
}
