/**
 * schema.graphql is generated from schema/ (api/schema-parts.ts): the committed file must be what
 * the parts make, and every part must be merged, so an edit to either side that was not carried
 * over fails here rather than on one runtime.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { mergedSchema, SCHEMA_DIR, SCHEMA_FILE, SCHEMA_PARTS } from '../../api/schema-parts.js';
import { repoRoot } from '../support/paths.js';

it('schema.graphql is exactly the parts in schema/, merged (run `npm run schema` after editing them)', async () => {
  const committed = await readFile(join(repoRoot, SCHEMA_FILE), 'utf8');
  expect(committed === (await mergedSchema(repoRoot)), `${SCHEMA_FILE} is stale: edit ${SCHEMA_DIR}/*.graphql, then run \`npm run schema\``).toBe(true);
});

it('every file in schema/ is a listed part, so none is left out of the merge', async () => {
  const files = (await readdir(join(repoRoot, SCHEMA_DIR))).filter((f) => f.endsWith('.graphql'));
  expect(files.map((f) => f.replace(/\.graphql$/, '')).sort()).toEqual([...SCHEMA_PARTS].sort());
});
