/** Reads the auth headers a realtime client sends: the `header-<base64url>` subprotocol or the `header` query parameter. */
import type { IncomingMessage } from 'node:http';

export function handshakeHeaders(req: IncomingMessage): Record<string, string> | undefined {
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const fromProtocol = offered.find((p) => p.startsWith('header-'));
  const fromQuery = new URL(req.url ?? '/', 'http://local').searchParams.get('header');
  const encoded = fromProtocol ? Buffer.from(fromProtocol.slice('header-'.length), 'base64url') : fromQuery ? Buffer.from(fromQuery, 'base64') : undefined;
  if (!encoded) return undefined;
  try {
    const parsed = JSON.parse(encoded.toString('utf8')) as Record<string, unknown>;
    return lowerCaseKeys(parsed);
  } catch {
    return undefined;
  }
}

export function lowerCaseKeys(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}
