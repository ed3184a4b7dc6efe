/**
 * AWS Signature Version 4 verification, shared by the local stand-ins (AppSync, S3, Rekognition).
 * The server recomputes the signature from the request exactly as AWS does and compares; it
 * never trusts what the client says it signed beyond the header list it declared.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedRequest {
  method: string;
  /** The request path as sent (still percent-encoded), without the query string. */
  path: string;
  /** Query parameters, decoded. Presigned requests carry the signature here. */
  query: URLSearchParams;
  /** Header names lower-cased. */
  headers: Record<string, string | string[] | undefined>;
  /** Hex SHA-256 of the body, or S3's UNSIGNED-PAYLOAD / STREAMING-* markers. */
  payloadHash: string;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials (an identity pool's): the request must carry this token (X-Amz-Security-Token). */
  sessionToken?: string;
  /** ms since the epoch after which temporary credentials are refused. */
  expiresAt?: number;
}

export type VerifyResult =
  | { ok: true; accessKeyId: string; region: string; service: string; signedHeaders: string[] }
  | { ok: false; code: 'MissingAuthentication' | 'IncompleteSignature' | 'InvalidAccessKeyId' | 'SignatureDoesNotMatch' | 'RequestExpired' | 'RequestTimeTooSkewed' | 'InvalidToken' | 'ExpiredToken'; message: string };

export interface VerifyOptions {
  credentials: readonly Credentials[];
  service: string;
  /** S3 does not double-encode the canonical URI; every other service does. */
  singleEncodePath?: boolean;
  now?: Date;
  /** Header-signed requests must be within this many ms of the server clock (AWS: 5 minutes). */
  maxSkewMs?: number;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it. */
export function uriEncode(value: string, encodeSlash = true): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, encodeSlash ? '%2F' : '/');
}

export function parseAmzDate(value: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
}

function canonicalPath(path: string, singleEncode: boolean): string {
  const segments = path.split('/').map((s) => uriEncode(decodeURIComponent(s)));
  const once = segments.join('/') || '/';
  return singleEncode ? once : once.split('/').map((s) => uriEncode(s)).join('/');
}

function canonicalQuery(query: URLSearchParams, skip?: string): string {
  return [...query.entries()]
    .filter(([k]) => k !== skip)
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function headerValue(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw.join(',') : raw).trim().replace(/\s+/g, ' ');
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

/** The hex signature of a canonical request: what a signer sends and what the verifier recomputes. */
export function signatureOf(key: Buffer, amzDate: string, scope: string, canonicalRequest: string): string {
  return createHmac('sha256', key).update([ALGORITHM, amzDate, scope, sha256(canonicalRequest)].join('\n')).digest('hex');
}

export function verifySigV4(req: SignedRequest, o: VerifyOptions): VerifyResult {
  const presigned = req.query.has('X-Amz-Signature') || req.query.get('X-Amz-Algorithm') === ALGORITHM;
  let credential: string | undefined;
  let signedHeadersList: string | undefined;
  let signature: string | undefined;
  let amzDate: string | undefined;

  if (presigned) {
    credential = req.query.get('X-Amz-Credential') ?? undefined;
    signedHeadersList = req.query.get('X-Amz-SignedHeaders') ?? undefined;
    signature = req.query.get('X-Amz-Signature') ?? undefined;
    amzDate = req.query.get('X-Amz-Date') ?? undefined;
  } else {
    const auth = headerValue(req.headers.authorization);
    if (!auth) return { ok: false, code: 'MissingAuthentication', message: 'Request is missing Authentication Token' };
    if (!auth.startsWith(`${ALGORITHM} `)) return { ok: false, code: 'IncompleteSignature', message: `Unsupported authorization type; only ${ALGORITHM} is accepted` };
    const fields = Object.fromEntries(
      auth
        .slice(ALGORITHM.length + 1)
        .split(',')
        .map((p) => p.trim().split('=') as [string, string]),
    );
    credential = fields.Credential;
    signedHeadersList = fields.SignedHeaders;
    signature = fields.Signature;
    amzDate = headerValue(req.headers['x-amz-date']);
  }
  if (!credential || !signedHeadersList || !signature || !amzDate) {
    return { ok: false, code: 'IncompleteSignature', message: 'Authorization must include Credential, SignedHeaders, Signature and a date' };
  }
  const [accessKeyId, scopeDate, region, service, terminator] = credential.split('/');
  if (!accessKeyId || !scopeDate || !region || service !== o.service || terminator !== 'aws4_request') {
    return { ok: false, code: 'IncompleteSignature', message: `Credential should be scoped to a valid region and the service '${o.service}'` };
  }
  const held = o.credentials.find((c) => c.accessKeyId === accessKeyId);
  const secret = held?.secretAccessKey;
  if (!secret) return { ok: false, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
  if (held.sessionToken !== undefined) {
    // A temporary key is worthless without its token (STS's rule): a leaked key id and secret alone are refused.
    const token = presigned ? req.query.get('X-Amz-Security-Token') : headerValue(req.headers['x-amz-security-token']);
    // Without its token a temporary key is not a key AWS knows (S3: 403 InvalidAccessKeyId);
    // with the wrong one, the token is what is invalid.
    if (!token) return { ok: false, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
    if (token !== held.sessionToken) return { ok: false, code: 'InvalidToken', message: 'The security token included in the request is invalid.' };
    if (held.expiresAt !== undefined && (o.now ?? new Date()).getTime() >= held.expiresAt) return { ok: false, code: 'ExpiredToken', message: 'The security token included in the request is expired' };
  }

  const signedAt = parseAmzDate(amzDate);
  if (!signedAt || !amzDate.startsWith(scopeDate)) return { ok: false, code: 'IncompleteSignature', message: 'X-Amz-Date must be YYYYMMDDTHHMMSSZ and match the credential scope' };
  const now = (o.now ?? new Date()).getTime();
  if (presigned) {
    const expires = Number(req.query.get('X-Amz-Expires'));
    if (!Number.isInteger(expires) || expires < 1 || expires > 604800) return { ok: false, code: 'IncompleteSignature', message: 'X-Amz-Expires must be between 1 and 604800 seconds' };
    if (now > signedAt.getTime() + expires * 1000) return { ok: false, code: 'RequestExpired', message: 'Request has expired' };
  } else if (Math.abs(now - signedAt.getTime()) > (o.maxSkewMs ?? 5 * 60_000)) {
    return { ok: false, code: 'RequestTimeTooSkewed', message: 'Signature expired: the difference between the request time and the current time is too large.' };
  }

  const signedHeaders = signedHeadersList.split(';');
  if (!signedHeaders.includes('host')) return { ok: false, code: 'SignatureDoesNotMatch', message: "'Host' must be a signed header" };
  const canonicalHeaders: string[] = [];
  for (const name of signedHeaders) {
    const value = headerValue(req.headers[name]);
    if (value === undefined) return { ok: false, code: 'SignatureDoesNotMatch', message: `Signed header '${name}' is missing from the request` };
    canonicalHeaders.push(`${name}:${value}\n`);
  }
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalPath(req.path, o.singleEncodePath ?? false),
    canonicalQuery(req.query, presigned ? 'X-Amz-Signature' : undefined),
    canonicalHeaders.join(''),
    signedHeadersList,
    req.payloadHash,
  ].join('\n');
  const expected = Buffer.from(signatureOf(signingKey(secret, scopeDate, region, service), amzDate, `${scopeDate}/${region}/${service}/aws4_request`, canonicalRequest), 'hex');
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.' };
  }
  return { ok: true, accessKeyId, region, service, signedHeaders };
}

export const hashPayload = sha256;
