#!/usr/bin/env node
// `blobs` on the PATH: runs the CLI built to JavaScript at install (`prepare` → `npm run build:cli`),
// so a start costs a Node start, not a TypeScript compile.
try {
  await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli/main.js')) throw error;
  process.stderr.write('blobs: the CLI is not built: run npm run build:cli\n');
  process.exit(2);
}
