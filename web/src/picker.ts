/**
 * The two ways to hand the page an image: the labelled file input, and a drop zone that is
 * also a keyboard control (Enter or Space opens the same file dialog).
 */
import { ui } from './dom.js';

export function onImageChosen(handle: (file: File) => void): void {
  ui.fileInput.addEventListener('change', () => {
    const file = ui.fileInput.files?.[0];
    if (file) handle(file);
    ui.fileInput.value = ''; // choosing the same file again should label it again
  });

  ui.dropZone.addEventListener('click', () => ui.fileInput.click());
  ui.dropZone.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      ui.fileInput.click();
    }
  });

  ui.dropZone.addEventListener('dragover', (event) => {
    event.preventDefault(); // required for the drop event to fire
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    ui.dropZone.classList.add('dragging');
  });
  ui.dropZone.addEventListener('dragleave', () => ui.dropZone.classList.remove('dragging'));
  ui.dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    ui.dropZone.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (file) handle(file);
  });
  // A file dropped beside the zone would otherwise make the browser navigate to it.
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => event.preventDefault());
}
