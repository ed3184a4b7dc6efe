import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** Test photos, copied byte for byte from ../shared/images so a fresh clone has them (sources and licences: SOURCES.md beside them). */
export const imagesDir = resolve(repoRoot, 'test/fixtures/images');
export const image = (name: string) => resolve(imagesDir, name);
