/**
 * "Your stored files": what the signed-in user keeps under `photos/<identity id>/`, as Amplify
 * Storage's `list` gives it, each with a link from `getUrl` (a presigned GET, valid 15 minutes,
 * Amplify's default) and a Remove button calling `remove`. Removing the object removes its blob
 * too: the bucket's ObjectRemoved event reaches the API, which deletes the record and thumbnail.
 */
import { getUrl, list, remove } from 'aws-amplify/storage';
import { USER_STORAGE_PREFIX } from '../../../api/object-keys.js';

/** What the list is doing, for styling and for tests to wait on. */
export type StorageFilesState = 'loading' | 'ready' | 'error';

export interface StorageFiles {
  /** Lists the prefix again (after an upload, a remove, a sign-in). */
  refresh(): Promise<void>;
  clear(): void;
}

export interface StorageFilesHooks {
  /** A file was removed (its blob is being deleted by the API). */
  removed(path: string): void;
}

/** `endpoint`: Amplify's per-call options naming the local S3 (customEndpoint), or none on AWS. */
export function createStorageFiles(root: HTMLElement, endpoint: { customEndpoint?: string }, hooks: StorageFilesHooks): StorageFiles {
  const heading = document.createElement('h3');
  heading.textContent = 'Your stored files';
  const status = document.createElement('p');
  status.className = 'storage-files-status';
  status.setAttribute('role', 'status');
  const items = document.createElement('ul');
  items.id = 'storage-files-items';
  items.className = 'storage-files-items';
  root.replaceChildren(heading, status, items);

  // Typed as the options given: aws-amplify 6's option types do not name customEndpoint, which
  // every Storage API reads (resolveS3ConfigAndInput).
  const withEndpoint = <T extends object>(options: T): T => ({ ...endpoint, ...options });

  let generation = 0; // a sign-out, or a newer refresh, makes an earlier answer moot
  const refresh = async () => {
    const asked = ++generation;
    root.dataset.state = 'loading';
    try {
      const { items: found } = await list({ path: ({ identityId }) => `${USER_STORAGE_PREFIX}${identityId}/`, options: withEndpoint({ listAll: true as const }) });
      const rows = await Promise.all(found.map(async (item) => row(item.path, item.size, (await getUrl({ path: item.path, options: withEndpoint({}) })).url)));
      if (asked !== generation) return;
      items.replaceChildren(...rows);
      status.textContent = found.length ? `${found.length} file${found.length === 1 ? '' : 's'}.` : 'Nothing stored yet.';
      root.dataset.state = 'ready';
    } catch (error) {
      if (asked !== generation) return;
      status.textContent = `Could not list your files: ${(error as Error).message || (error as Error).name}`;
      root.dataset.state = 'error';
    }
  };

  function row(path: string, size: number | undefined, url: URL): HTMLLIElement {
    const item = document.createElement('li');
    item.dataset.path = path;
    const link = document.createElement('a');
    link.href = url.toString();
    link.target = '_blank';
    link.rel = 'noopener';
    link.textContent = path.slice(path.lastIndexOf('/') + 1);
    const detail = document.createElement('span');
    detail.className = 'storage-files-size';
    detail.textContent = size === undefined ? '' : `${Math.ceil(size / 1024)} KB`;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Remove';
    button.addEventListener('click', () => {
      button.disabled = true;
      item.setAttribute('aria-busy', 'true');
      remove({ path, options: withEndpoint({}) }).then(
        () => {
          hooks.removed(path);
          return refresh();
        },
        (error: unknown) => {
          button.disabled = false;
          item.removeAttribute('aria-busy');
          status.textContent = `Could not remove ${link.textContent}: ${(error as Error).message || (error as Error).name}`;
          root.dataset.state = 'error';
        },
      );
    });
    item.append(link, detail, button);
    return item;
  }

  return {
    refresh,
    clear() {
      generation += 1;
      items.replaceChildren();
      status.textContent = '';
      delete root.dataset.state;
    },
  };
}
