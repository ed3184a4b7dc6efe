/** The atomic file helpers: no temporary files left behind; first creation safe when starts race. */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readOrCreateFile, writeFileAtomically } from '../../local/atomic-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'blobs-atomic-file-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

it('writeFileAtomically replaces the file whole and leaves no temporary file', async () => {
  const file = join(dir, 'outputs.json');
  await writeFileAtomically(file, '{"a":1}\n');
  await writeFileAtomically(file, '{"a":2}\n');
  expect(await readFile(file, 'utf8')).toBe('{"a":2}\n');
  expect(await readdir(dir)).toEqual(['outputs.json']);
});

it('readOrCreateFile: of many first starts at once, one value wins and every caller gets it', async () => {
  const file = join(dir, 'api-key');
  const values = await Promise.all(Array.from({ length: 8 }, (_, i) => readOrCreateFile(file, () => `key-${i}\n`, { mode: 0o600 })));
  expect(new Set(values).size).toBe(1);
  expect(await readFile(file, 'utf8')).toBe(values[0]);
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  expect((await readdir(dir)).filter((f) => f.startsWith('api-key'))).toEqual(['api-key']);
  // Later starts read it and never call create.
  expect(await readOrCreateFile(file, () => 'never')).toBe(values[0]);
});
