/** A bare AppSync realtime client over `ws`, for protocol-level tests (aws-amplify is tested separately). */
import WebSocket from 'ws';

export type Message = { type: string; id?: string; payload?: any };

export async function connectRealtime(realtimeUrl: string, headers: Record<string, string>, ca: Buffer) {
  const header = Buffer.from(JSON.stringify(headers)).toString('base64url');
  const socket = new WebSocket(realtimeUrl, ['graphql-ws', `header-${header}`], { ca });
  const messages: Message[] = [];
  let roundTrips = 0;
  const waiters: Array<() => void> = [];
  socket.on('message', (raw) => {
    messages.push(JSON.parse(raw.toString()));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const next = async (predicate: (m: Message) => boolean, timeoutMs = 30_000): Promise<Message> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find(predicate);
      if (found) {
        messages.splice(messages.indexOf(found), 1);
        return found;
      }
      if (Date.now() > deadline) throw new Error(`no matching realtime message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  return {
    socket,
    protocol: socket.protocol,
    messages,
    send: (m: unknown) => socket.send(JSON.stringify(m)),
    next,
    async init() {
      socket.send(JSON.stringify({ type: 'connection_init' }));
      return next((m) => m.type === 'connection_ack' || m.type === 'connection_error');
    },
    async start(id: string, query: string, variables: Record<string, unknown>, authorization: Record<string, string>) {
      socket.send(JSON.stringify({ id, type: 'start', payload: { data: JSON.stringify({ query, variables }), extensions: { authorization } } }));
      return next((m) => m.id === id && (m.type === 'start_ack' || m.type === 'error'));
    },
    /**
     * Resolves once the server has answered a message sent now (an unknown type, which it
     * refuses in order): whatever it sent before, events included, has arrived by then. Lets a
     * test say "no further event came" without sleeping.
     */
    async roundTrip() {
      const id = `round-trip-${++roundTrips}`;
      socket.send(JSON.stringify({ id, type: 'round_trip' }));
      await next((m) => m.id === id && m.type === 'error');
    },
    close: () => socket.close(),
  };
}
