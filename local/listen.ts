/** Starts a stand-in's HTTP server on `host:port` (port 0: any free one) and gives its endpoint URL. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function listen(server: Server, o: { host?: string; port?: number }): Promise<string> {
  const host = o.host ?? '127.0.0.1';
  // Node closes an idle keep-alive socket after 5 s; a client that picks that socket for its next
  // request at the same moment gets "socket hang up". On a busy machine that race is frequent (the
  // engine's DynamoDB calls met it under load). AWS endpoints keep idle connections far longer.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Services listen on an IP; clients are given a host name the TLS certificate also covers. */
export function publicEndpoint(url: string, publicHost: string): string {
  const parsed = new URL(url);
  parsed.hostname = publicHost;
  return parsed.toString().replace(/\/$/, '');
}

/** Stops a stand-in's server: open keep-alive connections are dropped, not waited for (65 s above). */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
