/**
 * A small JSON document kept in memory and saved whole, atomically (write-file-atomic: temp
 * file, fsync, rename), mode 0600. Saves are queued so two requests never interleave writes,
 * and each caller waits for its own state to be on disk before answering.
 */
import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';

export class JsonFile<T> {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    readonly data: T,
  ) {}

  static async open<T>(path: string, initial: () => T): Promise<JsonFile<T>> {
    let data: T;
    try {
      data = JSON.parse(await readFile(path, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${path} is unreadable: ${(error as Error).message}`);
      data = initial();
    }
    const file = new JsonFile(path, data);
    await file.save();
    return file;
  }

  /** Resolves once the state as it is now (and everything saved before) is on disk. */
  save(): Promise<void> {
    const text = `${JSON.stringify(this.data, null, 1)}\n`;
    const next = this.queue.then(() => writeFileAtomic(this.path, text, { mode: 0o600 }));
    this.queue = next.catch(() => {});
    return next;
  }

  /** Waits for pending writes (on close). */
  flush(): Promise<void> {
    return this.queue;
  }
}
