import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** Test photos shipped beside the repository (see ../shared/images/SOURCES.md). */
export const imagesDir = resolve(repoRoot, '../shared/images');
export const image = (name: string) => resolve(imagesDir, name);
