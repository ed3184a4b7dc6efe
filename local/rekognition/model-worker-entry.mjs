// Worker threads start from plain JavaScript; this hands over to the TypeScript worker via tsx,
// whichever way the parent process was started (tsx, vitest or node).
import { tsImport } from 'tsx/esm/api';

await tsImport('./model-worker.ts', import.meta.url);
