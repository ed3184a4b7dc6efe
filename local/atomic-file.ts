/**
 * Files another process may read while we write them (amplify_outputs.json, the data
 * directory's secrets and certificate, the local S3's metadata): written to a temporary file in
 * the same directory, fsynced and renamed into place, so a reader sees the old file, no file, or
 * the whole new one — never half of it.
 */
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rm } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';

export interface AtomicWriteOptions {
  /** Permissions of a new file (e.g. 0o600 for secrets); an existing file keeps its own. */
  mode?: number;
}

export async function writeFileAtomically(path: string, content: string | Buffer, o: AtomicWriteOptions = {}): Promise<void> {
  await writeFileAtomic(path, content, { mode: o.mode });
}

/**
 * The file's content, creating it with `create()` if it does not exist yet. Safe when several
 * processes start on one data directory at once: the content is written whole to a temporary
 * file and hard-linked into place, which fails if another process got there first, and then
 * every process reads the winner's value.
 */
export async function readOrCreateFile(path: string, create: () => string | Promise<string>, o: AtomicWriteOptions = {}): Promise<string> {
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined) return existing;

  const content = await create();
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', o.mode ?? 0o666);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, path);
    return content;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFile(path, 'utf8');
  } finally {
    await rm(tmp, { force: true });
  }
}
