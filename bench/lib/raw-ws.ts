/** The fan-out baseline: a bare `ws` server (TLS, same certificate) that broadcasts what it is POSTed. */
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';

export async function startRawWs(tls: { key: string; cert: string }) {
  const secure = createHttpsServer(tls);
  const wss = new WebSocketServer({ server: secure });
  const trigger = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(text);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await Promise.all([new Promise<void>((r) => secure.listen(0, '127.0.0.1', r)), new Promise<void>((r) => trigger.listen(0, '127.0.0.1', r))]);
  return {
    wsUrl: `wss://127.0.0.1:${(secure.address() as AddressInfo).port}/`,
    triggerUrl: `http://127.0.0.1:${(trigger.address() as AddressInfo).port}/broadcast`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      trigger.closeAllConnections();
      await Promise.all([new Promise<void>((r) => secure.close(() => r())), new Promise<void>((r) => trigger.close(() => r()))]);
    },
  };
}
