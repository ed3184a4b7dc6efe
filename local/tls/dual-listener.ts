/**
 * One port, two protocols: plain HTTP and TLS. The first byte of a connection tells them apart
 * (0x16 opens a TLS handshake), so `http://host:port/graphql` and `wss://host:port/graphql/realtime`
 * share a port, as aws-amplify expects.
 */
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';

const TLS_HANDSHAKE = 0x16;

export interface DualListener {
  port: number;
  close(): Promise<void>;
}

export async function listenDual(o: {
  host: string;
  port: number;
  tls: { key: string; cert: string };
  onRequest: (req: IncomingMessage, res: ServerResponse) => void;
  onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}): Promise<DualListener> {
  // Idle keep-alive connections live 65 s, as on the stand-ins (local/listen.ts): with 5 s a busy
  // machine's clients met the close race as ECONNRESET / "fetch failed" (the load test did).
  const plain = createHttpServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000 }, o.onRequest);
  const secure = createHttpsServer({ key: o.tls.key, cert: o.tls.cert, keepAliveTimeout: 65_000, headersTimeout: 66_000 }, o.onRequest);
  for (const server of [plain, secure]) server.on('upgrade', o.onUpgrade);
  const sockets = new Set<Socket>();

  const front: NetServer = createNetServer({ pauseOnConnect: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      if (!first) return socket.destroy();
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE ? secure : plain).emit('connection', socket);
    });
  });
  front.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(o.port, o.host, () => resolve());
  });
  const address = front.address();
  return {
    port: typeof address === 'object' && address ? address.port : o.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        plain.close();
        secure.close();
        front.close(() => resolve());
      }),
  };
}
