/** `npm run schema`: writes schema.graphql from the parts in schema/ (api/schema-parts.ts says why). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mergedSchema, SCHEMA_FILE } from '../api/schema-parts.js';

const rootDir = process.cwd();
await writeFile(join(rootDir, SCHEMA_FILE), await mergedSchema(rootDir));
console.log(`Wrote ${SCHEMA_FILE}.`);
