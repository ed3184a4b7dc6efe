/**
 * The page: loads /amplify_outputs.json from its own origin, configures the shared client, and
 * labels each image the user picks or drops: upload progress, live status, then the labels with
 * confidence bars and their boxes over the image. A newer image cancels the one in flight.
 */
import type { Blob, BlobFeature } from '../../api/generated/graphql.js';
import { createBlobsClient, type AmplifyOutputs, type BlobsClient } from '../../client/index.js';
import { uploadWithXhr } from '../../client/upload-xhr.js';
import { setState, ui } from './dom.js';
import { askedFeatures, resetFeatureResults, setUpFeatureChoice, showFeatureResults } from './features/index.js';
import { errorMessage, failedBlobMessage, statusText, type ErrorMessage } from './messages.js';
import { onImageChosen } from './picker.js';
import { renderBoxes } from './render-boxes.js';
import { renderLabels } from './render-labels.js';

let inFlight: AbortController | undefined;
let previewUrl: string | undefined;

async function loadClient(): Promise<BlobsClient> {
  const response = await fetch('/amplify_outputs.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/amplify_outputs.json answered HTTP ${response.status}`);
  return createBlobsClient((await response.json()) as AmplifyOutputs, uploadWithXhr);
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

async function label(client: BlobsClient, file: File): Promise<void> {
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  showError(undefined);
  setState('working');
  const asked = askedFeatures();
  showPreview(file, asked.features);
  ui.progress.hidden = false;
  ui.progress.value = 0;
  try {
    const blob = await client.labelImage({
      bytes: new Uint8Array(await file.arrayBuffer()),
      callbackUrl: ui.callbackUrl.value.trim() || undefined,
      ...asked,
      signal: controller.signal,
      onProgress: (sent, total) => {
        ui.progress.max = total || 1;
        ui.progress.value = sent;
      },
      onStatus: (status) => {
        ui.status.textContent = statusText(status, file.name);
      },
    });
    if (!controller.signal.aborted) showResult(blob, file.name);
  } catch (error) {
    if (controller.signal.aborted) return; // replaced by a newer image: not an error
    ui.result.hidden = true;
    ui.status.textContent = `Could not label ${file.name}.`;
    showError(errorMessage(error));
    setState('error');
  }
}

async function start(): Promise<void> {
  setUpFeatureChoice();
  let client: BlobsClient;
  try {
    client = await loadClient();
  } catch (error) {
    ui.status.textContent = 'Not connected.';
    showError({ title: 'Could not load the API settings.', detail: `${(error as Error).message}. Is the page served by \`npm start\`?` });
    setState('error');
    return;
  }
  onImageChosen((file) => void label(client, file));
  ui.status.textContent = 'Ready. Choose an image.';
  setState('ready');
}

void start();
