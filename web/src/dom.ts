/** The page's elements, found once; a missing one is a bug in index.html, so fail loudly. */
function byId<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`index.html lacks #${id} (${type.name})`);
  return element;
}

export const ui = {
  app: byId('app', HTMLElement),
  dropZone: byId('drop-zone', HTMLDivElement),
  fileInput: byId('file-input', HTMLInputElement),
  callbackUrl: byId('callback-url', HTMLInputElement),
  status: byId('status', HTMLParagraphElement),
  progress: byId('upload-progress', HTMLProgressElement),
  error: byId('error', HTMLDivElement),
  errorTitle: byId('error-title', HTMLElement),
  errorDetail: byId('error-detail', HTMLSpanElement),
  result: byId('result', HTMLElement),
  preview: byId('preview', HTMLImageElement),
  boxes: byId('boxes', HTMLDivElement),
  caption: byId('image-caption', HTMLElement),
  labels: byId('labels', HTMLOListElement),
};

/** What the page is doing, for styling and for tests to wait on. */
export type PageState = 'loading' | 'ready' | 'working' | 'labelled' | 'failed' | 'error';

export function setState(state: PageState): void {
  ui.app.dataset.state = state;
}
