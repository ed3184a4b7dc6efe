import { readOrCreateFile } from './atomic-file.js';

/** Reads a secret kept in the data directory, creating it on first start (whole, once, even if two starts race). */
export async function persistentSecret(file: string, create: () => string): Promise<string> {
  return (await readOrCreateFile(file, () => `${create()}\n`, { mode: 0o600 })).trim();
}
