import { join } from 'node:path';

/**
 * Where `npm start` keeps what it can rebuild from the checkout (the synthesized template,
 * resolver lint verdicts): under node_modules, so a fresh `npm ci` starts clean and git never
 * sees it.
 */
export const cacheDir = (rootDir: string, ...parts: string[]) => join(rootDir, 'node_modules', '.cache', 'blobs', ...parts);
