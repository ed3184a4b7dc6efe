/**
 * The data directory's format marker (`<dataDir>/format.json`). A directory written by a newer
 * version of this code may hold files this version would misread or overwrite, so it refuses to
 * start rather than risk the data; an older or unmarked directory is adopted (the stand-ins
 * upgrade their own files on start) and marked.
 */
import { join } from 'node:path';
import { readOrCreateFile } from './atomic-file.js';

/** Raise when the layout under the data directory changes in a way older code cannot read. */
export const DATA_FORMAT = 1;
const MARKER = 'format.json';

export class DataDirTooNewError extends Error {
  constructor(
    readonly dataDir: string,
    readonly found: number,
  ) {
    super(
      `The data directory ${dataDir} was written by a newer version of this project (data format ${found}; this version reads up to ${DATA_FORMAT}). ` +
        'Start it with that newer version, or point BLOBS_DATA_DIR at another directory (its data is left untouched).',
    );
  }
}

/** Marks a new data directory with this version's format; refuses one marked by a newer version. */
export async function claimDataDir(dataDir: string): Promise<void> {
  const file = join(dataDir, MARKER);
  const text = await readOrCreateFile(file, () => `${JSON.stringify({ format: DATA_FORMAT })}\n`);
  let found: unknown;
  try {
    found = (JSON.parse(text) as { format?: unknown }).format;
  } catch {
    throw new Error(`${file} is not valid JSON; restore it as {"format": ${DATA_FORMAT}} or point BLOBS_DATA_DIR at another directory.`);
  }
  if (!Number.isInteger(found) || (found as number) < 1) throw new Error(`${file} has no valid "format"; restore it as {"format": ${DATA_FORMAT}} or point BLOBS_DATA_DIR at another directory.`);
  if ((found as number) > DATA_FORMAT) throw new DataDirTooNewError(dataDir, found as number);
}
