/**
 * OpenID Connect discovery, as AppSync finds an OPENID_CONNECT issuer's signing keys: it is
 * configured with the issuer alone, reads `<issuer>/.well-known/openid-configuration`, and takes
 * the keys from the `jwks_uri` named there. The document is read once, on the first token; the key
 * set is jose's remote JWKS, which keeps the keys and fetches them again when a token names a `kid`
 * it does not hold (an issuer rotating its keys), at most once per cooldown.
 */
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

export interface DiscoveryOptions {
  timeoutMs: number;
  /** Least time between two JWKS fetches caused by unknown `kid`s (jose's default is 30 s). */
  cooldownMs?: number;
}

/** Why the keys could not be found; logged for the operator, while the caller only gets a refusal. */
export class DiscoveryFailed extends Error {}

export function discoveryUrl(issuer: string): URL {
  return new URL(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
}

async function jwksUriOf(issuer: string, timeoutMs: number): Promise<URL> {
  const url = discoveryUrl(issuer);
  let document: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new DiscoveryFailed(`${url} answered HTTP ${res.status}`);
    document = (await res.json()) as typeof document;
  } catch (error) {
    throw error instanceof DiscoveryFailed ? error : new DiscoveryFailed(`${url}: ${(error as Error).message}`);
  }
  // OpenID Connect Discovery 1.0 §4.3: the document must name the issuer it was fetched for,
  // or one issuer could hand out keys for another.
  if (document.issuer !== issuer) throw new DiscoveryFailed(`${url} names issuer ${JSON.stringify(document.issuer)}, not ${issuer}`);
  if (typeof document.jwks_uri !== 'string') throw new DiscoveryFailed(`${url} has no jwks_uri`);
  try {
    return new URL(document.jwks_uri);
  } catch {
    throw new DiscoveryFailed(`${url} has an invalid jwks_uri ${JSON.stringify(document.jwks_uri)}`);
  }
}

/** A key resolver for jwtVerify that discovers the issuer's JWKS on first use, and again after a failed discovery. */
export function discoveredKeys(issuer: string, o: DiscoveryOptions): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const discover = async () => createRemoteJWKSet(await jwksUriOf(issuer, o.timeoutMs), { timeoutDuration: o.timeoutMs, cooldownDuration: o.cooldownMs });
  return async (header, token) => {
    keys ??= discover().catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    return (await keys)(header, token);
  };
}
