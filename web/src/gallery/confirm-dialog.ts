/** Asks before something that cannot be undone; resolves true only for an explicit yes. */
export function confirmAction(o: { title: string; detail: string; confirm: string }): Promise<boolean> {
  const dialog = document.createElement('dialog');
  dialog.id = 'confirm-dialog';
  dialog.className = 'confirm-dialog';
  dialog.setAttribute('aria-labelledby', 'confirm-title');
  dialog.setAttribute('aria-describedby', 'confirm-detail');

  const form = document.createElement('form');
  form.method = 'dialog';
  const title = document.createElement('h2');
  title.id = 'confirm-title';
  title.textContent = o.title;
  const detail = document.createElement('p');
  detail.id = 'confirm-detail';
  detail.textContent = o.detail;
  const cancel = document.createElement('button');
  cancel.value = 'cancel';
  cancel.textContent = 'Cancel';
  cancel.autofocus = true; // the safe choice is the default one
  const yes = document.createElement('button');
  yes.value = 'confirm';
  yes.className = 'danger';
  yes.textContent = o.confirm;
  const buttons = document.createElement('p');
  buttons.className = 'dialog-buttons';
  buttons.append(cancel, yes);
  form.append(title, detail, buttons);
  dialog.append(form);
  document.body.append(dialog);

  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm');
      dialog.remove();
    });
    dialog.showModal();
  });
}
