/**
 * "My images": the signed-in user's blobs, newest first, a page at a time ("Load more" follows
 * myBlobs' nextToken). An upload in flight appears at once and changes as it is labelled; an
 * image opens with its boxes and labels; deleting asks first. Signed out, it says why it is empty.
 */
import type { Blob } from '../../../api/generated/graphql.js';
import type { BlobsClient, LabelImageStatus } from '../../../client/index.js';
import { errorMessage } from '../messages.js';
import { confirmAction } from './confirm-dialog.js';
import { renderCard, type CardContent } from './gallery-card.js';
import { createSearchPanel } from './search-panel.js';

const PAGE_SIZE = 12;

export interface GalleryHooks {
  /** Show a finished blob large, with its boxes and labels. */
  open: (blob: Blob) => void;
  /** The blob shown large is gone. */
  deleted: (id: string) => void;
  /** The visitor asked to sign in or to create an account. */
  signIn: (step: 'signIn' | 'signUp') => void;
}

export interface Gallery {
  show(client: BlobsClient): void;
  hide(): void;
  /** Follows an upload made by the signed-in user, from creation to its result. */
  follow(status: LabelImageStatus, file: File): void;
  /** Shows where one blob stands now. */
  refresh(id: string): void;
  /** A blob deleted elsewhere (a stored file removed): its card goes. */
  forget(id: string): void;
}

export function createGallery(root: HTMLElement, hooks: GalleryHooks): Gallery {
  const heading = element('h2', { id: 'gallery-heading', text: 'My images' });
  const status = element('p', { id: 'gallery-status', className: 'gallery-status' });
  status.setAttribute('role', 'status');
  const signedOut = element('div', { className: 'gallery-signed-out' });
  signedOut.append(element('p', { text: 'Sign in to keep your images and see them here. Without an account you can still label a photo above; it is not kept in a gallery.' }));
  for (const [text, step] of [['Sign in', 'signIn'], ['Create Account', 'signUp']] as const) {
    const button = element('button', { text, className: step === 'signIn' ? 'primary' : '' });
    button.type = 'button';
    button.addEventListener('click', () => hooks.signIn(step));
    signedOut.append(button);
  }
  const list = element('ul', { id: 'gallery-items', className: 'gallery-grid' });
  const more = element('button', { id: 'gallery-more', text: 'Load more' });
  more.type = 'button';
  const error = element('div', { id: 'gallery-error', className: 'error' });
  error.setAttribute('role', 'alert');
  error.hidden = true;
  more.hidden = true;
  // Deleting from a search result goes through the gallery's own delete (it asks first).
  const search = createSearchPanel({ open: hooks.open, remove: (id) => remove(id) });
  search.root.hidden = true;
  root.replaceChildren(heading, signedOut, search.root, status, error, list, more);

  let client: BlobsClient | undefined;
  let nextToken: string | undefined;
  let generation = 0; // a sign-out or another sign-in makes answers to earlier requests moot
  const blobs = new Map<string, Blob>();
  const previews = new Map<string, string>(); // object URLs shown until the stored picture is known
  const reSigned = new Set<string>(); // thumbnails already given a fresh URL once: a second failure is not an expiry

  const showError = (failure: unknown | undefined, what?: string) => {
    error.hidden = failure === undefined;
    if (failure === undefined) return error.replaceChildren();
    const message = errorMessage(failure);
    error.replaceChildren(element('strong', { text: what ?? message.title }), element('span', { text: what ? `${message.title} ${message.detail}` : message.detail }));
  };
  const setCount = () => {
    const shown = list.children.length;
    status.textContent = shown === 0 ? 'No images yet. Upload one above and it appears here.' : `${shown} image${shown === 1 ? '' : 's'}${nextToken ? ', more to load' : ''}.`;
    more.hidden = !nextToken;
    root.dataset.state = 'ready';
  };

  const cardOf = (id: string) => list.querySelector<HTMLLIElement>(`li[data-blob-id="${CSS.escape(id)}"]`) ?? undefined;
  const contentOf = (blob: Blob): CardContent => ({
    id: blob.id,
    status: blob.status,
    // The card is 180 px: the ≤320 px thumbnail, not the full image (the full one when no thumbnail was made).
    imageSrc: blob.thumbnailUrl ?? blob.imageUrl ?? previews.get(blob.id),
    labels: blob.labels,
    errorCode: blob.error?.code,
    createdAt: blob.createdAt,
  });
  const put = (content: CardContent, where: 'first' | 'last') => {
    const existing = cardOf(content.id);
    const card = renderCard(content, actions, existing);
    if (!existing) list[where === 'first' ? 'prepend' : 'append'](card);
  };
  const store = (blob: Blob, where: 'first' | 'last') => {
    blobs.set(blob.id, blob);
    if ((blob.thumbnailUrl ?? blob.imageUrl) && previews.has(blob.id)) {
      URL.revokeObjectURL(previews.get(blob.id)!);
      previews.delete(blob.id);
    }
    put(contentOf(blob), where);
  };

  const refresh = async (id: string) => {
    if (!client) return;
    const asked = generation;
    try {
      const blob = await client.getMyBlob(id);
      if (asked !== generation) return;
      if (blob) store(blob, 'first');
    } catch (failure) {
      if (asked === generation) showError(failure, 'Could not refresh an image.');
    }
  };

  const forget = (id: string) => {
    cardOf(id)?.remove();
    blobs.delete(id);
    hooks.deleted(id);
    search.deleted(id);
    setCount();
  };

  const remove = async (id: string) => {
    if (!client) return;
    const yes = await confirmAction({ title: 'Delete this image?', detail: 'The picture and its labels are deleted for good.', confirm: 'Delete' });
    if (!yes) return;
    const asked = generation;
    const card = cardOf(id);
    card?.setAttribute('aria-busy', 'true');
    try {
      await client.deleteMyBlob(id); // false means it was already gone: the outcome is the same
      if (asked !== generation) return;
      forget(id);
      showError(undefined);
    } catch (failure) {
      card?.removeAttribute('aria-busy');
      if (asked === generation) showError(failure, 'Could not delete the image.');
    }
  };

  const actions = {
    open: (id: string) => {
      const blob = blobs.get(id);
      if (blob) hooks.open(blob);
    },
    remove: (id: string) => void remove(id),
    stale: (id: string) => {
      if (reSigned.has(id)) return;
      reSigned.add(id);
      void refresh(id);
    },
  };

  const loadPage = async () => {
    if (!client) return;
    const asked = generation;
    more.disabled = true;
    root.dataset.state = 'loading';
    status.textContent = 'Loading your images…';
    try {
      const page = await client.listMyBlobs({ limit: PAGE_SIZE, nextToken });
      if (asked !== generation) return;
      nextToken = page.nextToken;
      page.items.forEach((blob) => store(blob, 'last'));
      showError(undefined);
      setCount();
    } catch (failure) {
      if (asked !== generation) return;
      showError(failure, 'Could not load your images.');
      status.textContent = '';
      root.dataset.state = 'error';
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener('click', () => void loadPage());

  const reset = () => {
    generation += 1;
    nextToken = undefined;
    blobs.clear();
    previews.forEach((url) => URL.revokeObjectURL(url));
    previews.clear();
    reSigned.clear();
    list.replaceChildren();
    showError(undefined);
  };

  return {
    show(signedInClient) {
      reset();
      client = signedInClient;
      root.dataset.auth = 'signed-in';
      signedOut.hidden = true;
      search.show(signedInClient);
      void loadPage();
    },
    hide() {
      reset();
      search.hide();
      client = undefined;
      root.dataset.auth = 'signed-out';
      root.dataset.state = 'signed-out';
      signedOut.hidden = false;
      status.textContent = '';
      more.hidden = true;
    },
    refresh: (id) => void refresh(id),
    forget,
    follow(update, file) {
      if (!client || update.stage === 'creating') return;
      const id = update.blobId;
      if (update.stage === 'done') {
        store({ ...update.blob, imageUrl: null, thumbnailUrl: null }, 'first');
        setCount();
        search.changed();
        void refresh(id); // the pushed result has no imageUrl: that is only for the owner's own lookup
        return;
      }
      if (!previews.has(id)) previews.set(id, URL.createObjectURL(file));
      const stage = update.stage === 'subscribing' || update.stage === 'uploading' ? 'PENDING_UPLOAD' : 'PROCESSING';
      put({ id, status: stage, imageSrc: previews.get(id), labels: null, createdAt: new Date().toISOString() }, 'first');
      setCount();
    },
  };
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, o: { id?: string; className?: string; text?: string } = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (o.id) node.id = o.id;
  if (o.className) node.className = o.className;
  if (o.text) node.textContent = o.text;
  return node;
}
