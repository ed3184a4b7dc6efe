/**
 * Serves the built web page at / of the GraphQL host (same origin, so the page's trust in the
 * local certificate covers the realtime socket), and /amplify_outputs.json for it to configure
 * Amplify with.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

export function serveStatic(root: string, outputs: () => unknown) {
  const base = resolve(root);
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname);
    if (path === '/amplify_outputs.json') {
      const body = JSON.stringify(outputs());
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return true;
    }
    const file = resolve(base, `.${normalize(path === '/' ? '/index.html' : path)}`);
    if (!file.startsWith(base)) return false; // no escaping the web root
    const info = await stat(file).catch(() => undefined);
    const target = info?.isFile() ? file : !extname(path) ? join(base, 'index.html') : undefined;
    const targetInfo = target ? await stat(target).catch(() => undefined) : undefined;
    if (!target || !targetInfo?.isFile()) return false;
    res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream', 'content-length': targetInfo.size, 'x-content-type-options': 'nosniff' });
    createReadStream(target).pipe(res);
    return true;
  };
}
