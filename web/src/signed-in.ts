/**
 * The signed-in half of the page: the account bar, the sign-in dialog and "My images". Signed in,
 * uploads go out with the user-pool token, so they are the user's and appear in the gallery;
 * signed out, they go out with the API key as before (the quick start). Signed in, "Upload to your
 * storage" also offers Amplify Storage's uploadData, with the identity pool's credentials.
 */
import type { Blob } from '../../api/generated/graphql.js';
import { blobsClient, type AmplifyOutputs, type BlobsClient, type LabelImageStatus } from '../../client/index.js';
import { uploadWithXhr } from '../../client/upload-xhr.js';
import { endSession, onAccountChange, restoreSession } from './auth/account.js';
import { createAccountBar } from './auth/account-bar.js';
import { createAuthDialog } from './auth/auth-dialog.js';
import { ui } from './dom.js';
import { createGallery } from './gallery/gallery.js';
import { createStorageUpload } from './storage/storage-upload.js';

export interface SignedInHooks {
  /** Show a stored blob large, with its boxes and labels. */
  open: (blob: Blob) => void;
  /** The blob shown large was deleted. */
  deleted: (id: string) => void;
}

export interface SignedIn {
  /** The client uploads go through right now: the user's own, or the API key's. */
  client(): BlobsClient;
  /** Tells the gallery how an upload is going, if it went out as the signed-in user. */
  follow(status: LabelImageStatus, file: File, via: BlobsClient): void;
  /** An upload given up half way (a newer image replaced it): the gallery shows where it stands. */
  abandoned(blobId: string, via: BlobsClient): void;
}

function byId(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html lacks #${id}`);
  return element;
}

export async function startSignedIn(outputs: AmplifyOutputs, anonymous: BlobsClient, hooks: SignedInHooks): Promise<SignedIn> {
  const gallery = createGallery(byId('gallery'), { ...hooks, signIn: (step) => dialog.open(step) });
  if (!outputs.auth) {
    // An API without a user pool: the page stays the anonymous quick start.
    byId('account').hidden = true;
    byId('gallery').hidden = true;
    return { client: () => anonymous, follow: () => {}, abandoned: () => {} };
  }
  const owned = blobsClient('userPool', uploadWithXhr);
  // Amplify Storage needs the identity pool's credentials, so it is offered only with a storage section.
  const storage = outputs.storage && createStorageUpload(byId('storage-upload'), outputs, { labelled: (id) => gallery.refresh(id), removed: (id) => gallery.forget(id) });
  const dialog = createAuthDialog(outputs);
  const bar = createAccountBar(byId('account'), { signIn: (step) => dialog.open(step), signOut: endSession });
  let signedIn = false;
  onAccountChange((account) => {
    signedIn = account !== undefined;
    ui.app.dataset.auth = signedIn ? 'signed-in' : 'signed-out';
    bar.show(account);
    if (account) {
      gallery.show(owned);
      storage?.show();
    } else {
      gallery.hide();
      storage?.hide();
    }
  });
  await restoreSession();
  return {
    client: () => (signedIn ? owned : anonymous),
    follow: (status, file, via) => {
      if (signedIn && via === owned) gallery.follow(status, file);
    },
    abandoned: (blobId, via) => {
      if (signedIn && via === owned) gallery.refresh(blobId);
    },
  };
}
