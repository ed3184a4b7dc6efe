/**
 * Searching "My images": a box for label names with ALL/ANY, and the user's labels as a cloud
 * (most frequent first, sized by count; a click searches that label). Results are cards like the
 * gallery's, newest first, a page at a time; "Clear" goes back to the gallery.
 */
import type { Blob, LabelCount } from '../../../api/generated/graphql.js';
import type { BlobsClient } from '../../../client/index.js';
import { errorMessage } from '../messages.js';
import { renderCard, type CardActions } from './gallery-card.js';

const PAGE_SIZE = 12;
const CLOUD_SIZE = 30;

export interface SearchPanel {
  readonly root: HTMLElement;
  show(client: BlobsClient): void;
  hide(): void;
  /** Images came or went: the cloud's counts changed. */
  changed(): void;
  /** A blob was deleted elsewhere on the page. */
  deleted(id: string): void;
}

/** `dog, hot dog` or `dog cat`: commas separate names when there are any, else spaces do. */
export const namesOf = (text: string) => (text.includes(',') ? text.split(',') : text.split(/\s+/)).map((n) => n.trim()).filter(Boolean);

export function createSearchPanel(o: { open: (blob: Blob) => void; remove: (id: string) => Promise<void> }): SearchPanel {
  const root = el('section', { id: 'search', className: 'search-panel' });
  root.setAttribute('aria-label', 'Search my images');
  const form = el('form', { id: 'search-form', className: 'search-form' });
  form.setAttribute('role', 'search');
  const input = el('input', { id: 'search-labels' });
  input.type = 'search';
  input.placeholder = 'dog, cat';
  input.setAttribute('aria-label', 'Labels to search for');
  const match = el('select', { id: 'search-match' });
  match.setAttribute('aria-label', 'Match');
  match.append(new Option('all of them', 'ALL'), new Option('any of them', 'ANY'));
  const go = el('button', { text: 'Search', className: 'primary' });
  go.type = 'submit';
  const clear = el('button', { id: 'search-clear', text: 'Clear' });
  clear.type = 'button';
  form.append(input, match, go, clear);
  const cloud = el('ul', { id: 'label-cloud', className: 'label-cloud' });
  cloud.setAttribute('aria-label', 'My labels');
  const status = el('p', { id: 'search-status', className: 'gallery-status' });
  status.setAttribute('role', 'status');
  const results = el('ul', { id: 'search-results', className: 'gallery-grid' });
  const more = el('button', { id: 'search-more', text: 'More results' });
  more.type = 'button';
  more.hidden = true;
  root.append(form, cloud, status, results, more);

  let client: BlobsClient | undefined;
  let generation = 0;
  let query: { labels: string[]; match: 'ALL' | 'ANY' } | undefined;
  let nextToken: string | undefined;
  const found = new Map<string, Blob>();

  const actions: CardActions = {
    open: (id) => {
      const blob = found.get(id);
      if (blob) o.open(blob);
    },
    remove: (id) => void o.remove(id),
    stale: () => {},
  };

  const loadCloud = async () => {
    if (!client) return;
    const asked = generation;
    try {
      const counts = await client.myLabels(CLOUD_SIZE);
      if (asked === generation) renderCloud(counts);
    } catch {
      if (asked === generation) cloud.replaceChildren(); // the gallery still works without a cloud
    }
  };
  const renderCloud = (counts: LabelCount[]) => {
    const top = counts[0]?.count ?? 1;
    cloud.replaceChildren(
      ...counts.map((c) => {
        const item = el('li');
        const button = el('button', { text: c.name, className: 'label-chip' });
        button.type = 'button';
        button.dataset.label = c.name;
        button.style.fontSize = `${(0.85 + 0.6 * (c.count / top)).toFixed(2)}em`;
        button.setAttribute('aria-label', `${c.name}: ${c.count} image${c.count === 1 ? '' : 's'}`);
        button.addEventListener('click', () => {
          input.value = c.name;
          void search();
        });
        item.append(button, el('span', { className: 'label-count', text: String(c.count) }));
        return item;
      }),
    );
  };

  const search = async (page?: string) => {
    if (!client) return;
    if (!page) {
      const labels = namesOf(input.value);
      if (labels.length === 0) return reset();
      query = { labels, match: match.value === 'ANY' ? 'ANY' : 'ALL' };
      results.replaceChildren();
      found.clear();
    }
    const asked = ++generation;
    root.dataset.state = 'searching';
    status.textContent = 'Searching…';
    try {
      const answer = await client.searchMyBlobs({ ...query!, limit: PAGE_SIZE, nextToken: page });
      if (asked !== generation) return;
      nextToken = answer.nextToken;
      for (const blob of answer.items) {
        found.set(blob.id, blob);
        results.append(renderCard({ id: blob.id, status: blob.status, imageSrc: blob.imageUrl ?? undefined, labels: blob.labels, createdAt: blob.createdAt }, actions));
      }
      const n = results.children.length;
      status.textContent = n === 0 ? `No images with ${query!.match === 'ANY' ? 'any' : 'all'} of: ${query!.labels.join(', ')}.` : `${n} image${n === 1 ? '' : 's'} found${nextToken ? ', more to load' : ''}.`;
      more.hidden = !nextToken;
      root.dataset.state = 'results';
    } catch (failure) {
      if (asked !== generation) return;
      const message = errorMessage(failure);
      status.textContent = `${message.title} ${message.detail}`;
      root.dataset.state = 'error';
    }
  };

  const reset = () => {
    generation += 1;
    query = undefined;
    nextToken = undefined;
    found.clear();
    results.replaceChildren();
    status.textContent = '';
    more.hidden = true;
    root.dataset.state = 'idle';
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void search();
  });
  clear.addEventListener('click', () => {
    input.value = '';
    reset();
  });
  more.addEventListener('click', () => void search(nextToken));

  return {
    root,
    show(signedInClient) {
      client = signedInClient;
      reset();
      root.hidden = false;
      void loadCloud();
    },
    hide() {
      client = undefined;
      reset();
      cloud.replaceChildren();
      root.hidden = true;
    },
    changed: () => void loadCloud(),
    deleted(id) {
      found.delete(id);
      results.querySelector(`li[data-blob-id="${CSS.escape(id)}"]`)?.remove();
      void loadCloud();
    },
  };
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, o: { id?: string; className?: string; text?: string } = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (o.id) node.id = o.id;
  if (o.className) node.className = o.className;
  if (o.text) node.textContent = o.text;
  return node;
}
