/**
 * "Your storage": a signed-in user's upload through Amplify Storage (`uploadData`) to
 * `photos/<identity id>/<uuid>.<ext>`, signed with the identity pool's temporary credentials,
 * with a progress bar, pause, resume and cancel. The presigned createBlob path above stays the
 * anonymous quick start (docs/uploads.md compares the two).
 *
 * Amplify sends a file over 5 MB as a multipart upload; only those can pause (a single PUT can
 * only be cancelled), and a cancelled one is aborted at S3, so no part is left behind. Locally,
 * the S3 is the TLS side of the local S3 (`custom.storage_endpoint`): Amplify takes it per call.
 * Before the first upload the identity is linked to the user (linkStorageIdentity, IAM with the
 * same credentials), so each stored file becomes one of "My images" once labelled: the panel
 * subscribes to onBlobLabelled for the blob id the path gives (api/storage-blob-id.ts) before
 * uploading, and tells the gallery when it is labelled. Below, the user's stored files
 * (storage-files.ts): list, getUrl, remove.
 */
import { generateClient } from 'aws-amplify/api';
import { fetchAuthSession } from 'aws-amplify/auth';
import { isCancelError, uploadData, type UploadDataWithPathOutput } from 'aws-amplify/storage';
import { USER_STORAGE_PREFIX } from '../../../api/object-keys.js';
import { storageBlobId } from '../../../api/storage-blob-id.js';
import { graphqlClient } from '../../../client/config.js';
import type { AmplifyOutputs } from '../../../client/index.js';
import { subscribeToBlob, type BlobSubscription } from '../../../client/realtime.js';
import { createStorageFiles } from './storage-files.js';

/** Amplify's part size: above it uploadData goes multipart, and can pause. */
const MULTIPART_ABOVE_BYTES = 5 * 1024 * 1024;

/** What the panel is doing, for styling and for tests to wait on. */
export type StorageUploadState = 'idle' | 'uploading' | 'paused' | 'stored' | 'cancelled' | 'failed';

export interface StorageUpload {
  show(): void;
  hide(): void;
}

export interface StorageUploadHooks {
  /** A stored file's blob was labelled (onBlobLabelled): the gallery shows it. */
  labelled(blobId: string): void;
  /** A stored file was removed, so its blob goes too. */
  removed(blobId: string): void;
}

/** How long the realtime endpoint may take to acknowledge the subscription (as labelImage waits). */
const ACK_TIMEOUT_MS = 15_000;

type UploadTask = UploadDataWithPathOutput;

/** Once per page: the link makes this identity's uploads the signed-in user's blobs (idempotent on the API's side). */
let linking: Promise<unknown> | undefined;
function linkIdentity(): Promise<unknown> {
  const attempt = linking ?? (generateClient({ authMode: 'iam' }).graphql({ query: 'mutation LinkStorageIdentity { linkStorageIdentity { identityId } }' }) as Promise<unknown>);
  // A failed link is asked again with the next upload.
  linking = attempt.catch((error: unknown) => {
    linking = undefined;
    throw error;
  });
  return linking;
}

export function createStorageUpload(root: HTMLElement, outputs: AmplifyOutputs, hooks: StorageUploadHooks): StorageUpload {
  // The local S3's host:port; none on AWS, where Amplify derives S3's endpoint from the region.
  const endpoint = outputs.custom?.storage_endpoint;
  // Read by every Storage API (resolveS3ConfigAndInput), though uploadData's option type in
  // aws-amplify 6 does not name it.
  const endpointOption = endpoint ? { customEndpoint: endpoint } : {};
  const heading = element('h2', { id: 'storage-heading', text: 'Upload to your storage' });
  const hint = element('p', { className: 'storage-hint', text: `With Amplify Storage, as an Amplify app uploads: into ${USER_STORAGE_PREFIX}<your identity id>/, which only you can reach. Files over 5 MB go in parts and can be paused.` });
  const label = element('label', { text: 'File for your storage' });
  label.htmlFor = 'storage-file';
  const input = element('input', { id: 'storage-file' });
  input.type = 'file';
  input.accept = 'image/jpeg,image/png';
  const progress = element('progress', { id: 'storage-progress' });
  progress.max = 100;
  progress.value = 0;
  progress.setAttribute('aria-label', 'Storage upload progress');
  const percent = element('span', { id: 'storage-percent', className: 'storage-percent', text: '0 %' });
  const buttons = { pause: button('storage-pause', 'Pause'), resume: button('storage-resume', 'Resume'), cancel: button('storage-cancel', 'Cancel') };
  const status = element('p', { id: 'storage-status', className: 'storage-status' });
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const fileRow = element('div', { className: 'file-row' });
  fileRow.append(label, input);
  const bar = element('div', { className: 'storage-bar' });
  bar.append(progress, percent, buttons.pause, buttons.resume, buttons.cancel);
  const filesRoot = element('div', { id: 'storage-files', className: 'storage-files' });
  root.replaceChildren(heading, hint, fileRow, bar, status, filesRoot);
  root.classList.add('storage-section');
  const files = createStorageFiles(filesRoot, endpointOption, { removed: (path) => void storageBlobId(path).then(hooks.removed) });
  // One per upload still being labelled; stopped when it is, or on sign-out.
  const subscriptions = new Set<BlobSubscription>();
  /** Hears the blob's result before the upload starts, so a fast one is not missed. */
  const awaitLabels = async (path: string) => {
    const id = await storageBlobId(path);
    const subscription: BlobSubscription = subscribeToBlob(
      graphqlClient('userPool'),
      id,
      {
        onBlob: (blob) => {
          subscription.stop();
          subscriptions.delete(subscription);
          root.dataset.labelled = blob.id;
          hooks.labelled(blob.id);
        },
        onError: () => subscriptions.delete(subscription), // the gallery still lists it when reloaded
        onDisrupted: () => {},
        onReconnected: () => hooks.labelled(id), // a result sent meanwhile is lost: look it up
      },
      ACK_TIMEOUT_MS,
    );
    subscriptions.add(subscription);
    await subscription.acknowledged.catch(() => {});
  };

  let task: UploadTask | undefined;
  let pausable = false;
  const setState = (state: StorageUploadState, text: string) => {
    root.dataset.state = state;
    status.textContent = text;
    buttons.pause.disabled = !(state === 'uploading' && pausable);
    buttons.resume.disabled = state !== 'paused';
    buttons.cancel.disabled = state !== 'uploading' && state !== 'paused';
  };
  const showProgress = (transferred: number, total: number) => {
    const value = total ? Math.floor((transferred / total) * 100) : 0;
    progress.value = value;
    percent.textContent = `${value} %`;
  };
  setState('idle', 'Choose a file to upload it to your storage.');

  async function upload(file: File): Promise<void> {
    task?.cancel();
    pausable = file.size > MULTIPART_ABOVE_BYTES;
    showProgress(0, 1);
    delete root.dataset.path;
    setState('uploading', `Uploading ${file.name}…`);
    // Named once, before the upload: the blob id comes from the path, and every part of a
    // resumed multipart upload must go to the key it began with.
    const name = `${crypto.randomUUID()}.${extensionOf(file)}`;
    // Not labelled without the link; the file is still stored, and the status says so.
    const linked = linkIdentity().then(
      () => '',
      (error: unknown) => ` It will not be labelled: ${(error as { errors?: Array<{ message: string }> }).errors?.[0]?.message ?? (error as Error).message}`,
    );
    const labelling = (await linked) === '';
    const { identityId } = await fetchAuthSession();
    const path = `${USER_STORAGE_PREFIX}${identityId}/${name}`;
    if (labelling) await awaitLabels(path);
    const mine: UploadTask = uploadData({
      path,
      data: file,
      options: {
        ...endpointOption,
        contentType: file.type || 'application/octet-stream',
        onProgress: ({ transferredBytes, totalBytes }) => {
          if (task === mine) showProgress(transferredBytes, totalBytes ?? file.size);
        },
      },
    });
    task = mine;
    try {
      await mine.result;
      if (task !== mine) return;
      showProgress(1, 1);
      root.dataset.path = path;
      setState('stored', `Stored ${file.name} as ${path}.${await linked}`);
      void files.refresh();
    } catch (error) {
      if (task !== mine) return;
      if (isCancelError(error)) setState('cancelled', `Cancelled ${file.name}: nothing was kept.`);
      else setState('failed', `Could not upload ${file.name}: ${(error as Error).message || (error as Error).name}`);
    }
  }

  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) void upload(file);
  });
  buttons.pause.addEventListener('click', () => {
    task?.pause();
    setState('paused', 'Paused. Resume sends the parts not yet stored.');
  });
  buttons.resume.addEventListener('click', () => {
    task?.resume();
    setState('uploading', 'Resumed.');
  });
  buttons.cancel.addEventListener('click', () => task?.cancel());

  return {
    show: () => {
      root.hidden = false;
      void files.refresh();
    },
    hide: () => {
      task?.cancel();
      subscriptions.forEach((s) => s.stop());
      subscriptions.clear();
      files.clear();
      task = undefined;
      root.hidden = true;
      setState('idle', 'Choose a file to upload it to your storage.');
    },
  };
}

/** The stored name's extension, from the type the browser gives (a name's own may say anything). */
function extensionOf(file: File): string {
  if (file.type === 'image/jpeg') return 'jpg';
  if (file.type === 'image/png') return 'png';
  return /\.([a-z0-9]{1,8})$/i.exec(file.name)?.[1]?.toLowerCase() ?? 'bin';
}

function button(id: string, text: string): HTMLButtonElement {
  const b = element('button', { id, text });
  b.type = 'button';
  return b;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, o: { id?: string; className?: string; text?: string } = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (o.id) e.id = o.id;
  if (o.className) e.className = o.className;
  if (o.text) e.textContent = o.text;
  return e;
}
