/**
 * Requests signed by the real SDK signer (@smithy/signature-v4), turned into the shape
 * local/sigv4/verify.ts checks, so unit tests verify what a real client would send.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { hashPayload, type SignedRequest } from '../../local/sigv4/verify.js';

export const signer = { accessKeyId: 'AKIDUNITTEST', secretAccessKey: 'unit/test+secret' };
/** Whole seconds: X-Amz-Date has no finer precision. */
export const signedAt = new Date('2026-03-01T12:00:00Z');
export const scopeDate = '20260301';

export interface ToSign {
  service?: string;
  region?: string;
  method?: string;
  /** As sent on the wire: already percent-encoded. */
  path?: string;
  /** In the order the request carries them; the verifier must sort them itself. */
  query?: [string, string][];
  headers?: Record<string, string>;
  body?: string;
  /** S3 signs the path as sent; every other service double-encodes it. */
  uriEscapePath?: boolean;
  credentials?: typeof signer & { sessionToken?: string };
}

function sdkSigner(t: ToSign) {
  return new SignatureV4({ service: t.service ?? 's3', region: t.region ?? 'us-east-1', sha256: Sha256, credentials: t.credentials ?? signer, uriEscapePath: t.uriEscapePath ?? true });
}

function sdkRequest(t: ToSign): HttpRequest {
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of t.query ?? []) {
    const prior = query[k];
    query[k] = prior === undefined ? v : [...(Array.isArray(prior) ? prior : [prior]), v];
  }
  const headers = t.headers ?? { host: 'localhost:4566' };
  return new HttpRequest({ method: t.method ?? 'GET', protocol: 'http:', hostname: 'localhost', path: t.path ?? '/', query, headers, body: t.body });
}

const lower = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

/** Signed with an Authorization header, as SDK calls are. */
export async function headerSigned(t: ToSign = {}): Promise<SignedRequest> {
  const signed = await sdkSigner(t).sign(sdkRequest(t), { signingDate: signedAt });
  return { method: t.method ?? 'GET', path: t.path ?? '/', query: new URLSearchParams(t.query ?? []), headers: lower(signed.headers), payloadHash: hashPayload(t.body ?? '') };
}

/** Signed in the query string, as presigned URLs are. */
export async function presigned(t: ToSign = {}, expiresIn = 3600): Promise<SignedRequest> {
  const signed = await sdkSigner(t).presign(sdkRequest(t), { signingDate: signedAt, expiresIn });
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(signed.query ?? {})) for (const each of Array.isArray(v) ? v : [v]) query.append(k, String(each));
  return { method: t.method ?? 'GET', path: t.path ?? '/', query, headers: lower(signed.headers), payloadHash: hashPayload(t.body ?? '') };
}

/** The Authorization header with one field replaced (or removed with `undefined`). */
export function withAuthField(req: SignedRequest, field: string, value: string | undefined): SignedRequest {
  const auth = String(req.headers.authorization);
  const [algorithm, rest] = [auth.slice(0, auth.indexOf(' ')), auth.slice(auth.indexOf(' ') + 1)];
  const parts = rest
    .split(', ')
    .map((p) => p.split('=') as [string, string])
    .flatMap(([k, v]) => (k !== field ? [`${k}=${v}`] : value === undefined ? [] : [`${k}=${value}`]));
  return { ...req, headers: { ...req.headers, authorization: `${algorithm} ${parts.join(', ')}` } };
}

export const at = (ms: number) => new Date(signedAt.getTime() + ms);
