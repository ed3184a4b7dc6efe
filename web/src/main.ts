/**
 * The page: loads /amplify_outputs.json from its own origin, configures the shared client, and
 * labels each image the user picks or drops: upload progress, live status, then the labels with
 * confidence bars and their boxes over the image. A newer image cancels the one in flight.
 */
import type { Blob, BlobFeature } from '../../api/generated/graphql.js';
import { createBlobsClient, type AmplifyOutputs } from '../../client/index.js';
import { uploadWithXhr } from '../../client/upload-xhr.js';
import { setState, ui } from './dom.js';
import { askedFeatures, resetFeatureResults, setUpFeatureChoice, showFeatureResults } from './features/index.js';
import { errorMessage, failedBlobMessage, statusText, type ErrorMessage } from './messages.js';
import { onImageChosen } from './picker.js';
import { renderBoxes } from './render-boxes.js';
import { renderLabels } from './render-labels.js';
import { startSignedIn, type SignedIn } from './signed-in.js';

let inFlight: AbortController | undefined;
let previewUrl: string | undefined;

async function loadOutputs(): Promise<AmplifyOutputs> {
  const response = await fetch('/amplify_outputs.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/amplify_outputs.json answered HTTP ${response.status}`);
  return (await response.json()) as AmplifyOutputs;
}

function showError(message: ErrorMessage | undefined): void {
  ui.error.hidden = !message;
  ui.errorTitle.textContent = message?.title ?? '';
  ui.errorDetail.textContent = message?.detail ?? '';
}

function showPreview(file: File, features: BlobFeature[]): void {
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = URL.createObjectURL(file);
  ui.preview.src = previewUrl;
  ui.preview.alt = `The chosen image, ${file.name}`;
  ui.caption.textContent = file.name;
  ui.boxes.replaceChildren();
  ui.labels.replaceChildren();
  resetFeatureResults(features);
  ui.result.hidden = false;
}

function showResult(blob: Blob, fileName: string): void {
  if (blob.status === 'LABELLED') {
    renderLabels(blob.labels ?? [], blob.features.includes('LABELS') ? undefined : 'Labels were not asked for.');
    renderBoxes(blob.labels ?? []);
    showFeatureResults(blob);
    ui.caption.textContent = blob.features.includes('LABELS') ? `${fileName} — ${blob.labels?.length ?? 0} labels` : fileName;
    setState('labelled');
  } else {
    ui.result.hidden = true;
    showError(failedBlobMessage(blob));
    setState('failed');
  }
}

/** A blob from "My images", shown large as a fresh upload is. An upload in flight goes on unseen (the gallery follows it). */
function showStoredBlob(blob: Blob): void {
  inFlight = undefined;
  showError(undefined);
  const when = new Date(blob.createdAt).toLocaleString();
  ui.preview.src = blob.imageUrl ?? '';
  ui.preview.alt = `Your image from ${when}`;
  ui.boxes.replaceChildren();
  ui.labels.replaceChildren();
  resetFeatureResults(blob.features);
  ui.progress.hidden = true;
  ui.result.hidden = false;
  ui.result.dataset.blobId = blob.id;
  ui.status.textContent = `Showing your image from ${when}.`;
  showResult(blob, `Uploaded ${when}`);
  ui.result.scrollIntoView({ block: 'nearest' });
}

function forgetDeletedBlob(id: string): void {
  if (ui.result.dataset.blobId !== id) return;
  ui.result.hidden = true;
  delete ui.result.dataset.blobId;
  ui.status.textContent = 'Image deleted.';
  setState('ready');
}

async function label(signedIn: SignedIn, file: File): Promise<void> {
  const client = signedIn.client();
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  const shown = () => inFlight === controller; // false once a newer image or a gallery image took the page
  let blobId: string | undefined;
  showError(undefined);
  setState('working');
  const asked = askedFeatures();
  showPreview(file, asked.features);
  delete ui.result.dataset.blobId;
  ui.progress.hidden = false;
  ui.progress.value = 0;
  try {
    const blob = await client.labelImage({
      bytes: new Uint8Array(await file.arrayBuffer()),
      callbackUrl: ui.callbackUrl.value.trim() || undefined,
      ...asked,
      signal: controller.signal,
      onProgress: (sent, total) => {
        if (!shown()) return;
        ui.progress.max = total || 1;
        ui.progress.value = sent;
      },
      onStatus: (status) => {
        signedIn.follow(status, file, client);
        if (status.stage !== 'creating') blobId = status.blobId;
        if (!shown()) return;
        ui.status.textContent = statusText(status, file.name);
        if (blobId) ui.result.dataset.blobId = blobId;
      },
    });
    if (shown()) showResult(blob, file.name);
  } catch (error) {
    if (controller.signal.aborted) {
      if (blobId) signedIn.abandoned(blobId, client); // replaced by a newer image: not an error
      return;
    }
    if (!shown()) return;
    ui.result.hidden = true;
    ui.status.textContent = `Could not label ${file.name}.`;
    showError(errorMessage(error));
    setState('error');
  }
}

async function start(): Promise<void> {
  setUpFeatureChoice();
  let signedIn: SignedIn;
  try {
    const outputs = await loadOutputs();
    signedIn = await startSignedIn(outputs, createBlobsClient(outputs, uploadWithXhr), { open: showStoredBlob, deleted: forgetDeletedBlob });
  } catch (error) {
    ui.status.textContent = 'Not connected.';
    showError({ title: 'Could not load the API settings.', detail: `${(error as Error).message}. Is the page served by \`npm start\`?` });
    setState('error');
    return;
  }
  onImageChosen((file) => void label(signedIn, file));
  ui.status.textContent = 'Ready. Choose an image.';
  setState('ready');
}

void start();
