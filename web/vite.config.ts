/**
 * Builds the page into web/dist, which `npm start` serves at the root of the GraphQL host.
 * `npm run dev:web` serves it with live reload instead, asking the running stack (BLOBS_PORT)
 * for /amplify_outputs.json; the API itself is then called cross-origin.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const stack = `http://127.0.0.1:${process.env.BLOBS_PORT ?? '20080'}`;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 20090,
    strictPort: false,
    proxy: { '/amplify_outputs.json': stack },
  },
});
