/**
 * SigV4 verification of header-signed requests (local/sigv4/verify.ts), in process: requests
 * signed by the SDK's own signer are accepted, and each way a request can be malformed, forged
 * or stale gets AWS's error code and message.
 */
import { describe, expect, it } from 'vitest';
import { hashPayload, parseAmzDate, signatureOf, signingKey, uriEncode, verifySigV4, type SignedRequest, type VerifyOptions } from '../../local/sigv4/verify.js';
import { at, headerSigned, presigned, scopeDate, signedAt, signer, withAuthField } from '../support/sigv4-requests.js';

const opts = (o: Partial<VerifyOptions> = {}): VerifyOptions => ({ credentials: [signer], service: 's3', singleEncodePath: true, now: signedAt, ...o });
const ok = (signedHeaders: string[], o: { service?: string; region?: string } = {}) => ({ ok: true, accessKeyId: signer.accessKeyId, region: o.region ?? 'us-east-1', service: o.service ?? 's3', signedHeaders });
const fail = (code: string, message: string) => ({ ok: false, code, message });
const DEFAULT_SIGNED = ['host', 'x-amz-content-sha256', 'x-amz-date'];
const MISMATCH = fail('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
const INCOMPLETE = fail('IncompleteSignature', 'Authorization must include Credential, SignedHeaders, Signature and a date');
const BAD_SCOPE = fail('IncompleteSignature', "Credential should be scoped to a valid region and the service 's3'");
const BAD_DATE = fail('IncompleteSignature', 'X-Amz-Date must be YYYYMMDDTHHMMSSZ and match the credential scope');
const SKEWED = fail('RequestTimeTooSkewed', 'Signature expired: the difference between the request time and the current time is too large.');

describe('a header-signed request', () => {
  it('signed by the SDK is accepted, with the key, region, service and signed headers', async () => {
    const req = await headerSigned({ region: 'eu-west-2', method: 'PUT', path: '/blobs/a.jpg', body: 'image bytes' });
    expect(verifySigV4(req, opts())).toEqual(ok(DEFAULT_SIGNED, { region: 'eu-west-2' }));
  });

  it('is checked against the credential its access key names', async () => {
    const second = { accessKeyId: 'AKIDSECOND', secretAccessKey: 'second-secret' };
    const req = await headerSigned({ credentials: second });
    expect(verifySigV4(req, opts({ credentials: [signer, second] }))).toEqual({ ...ok(DEFAULT_SIGNED), accessKeyId: 'AKIDSECOND' });
    expect(verifySigV4(req, opts({ credentials: [signer] }))).toEqual(fail('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.'));
  });

  it('with another secret, another body or a forged signature does not match', async () => {
    const req = await headerSigned({ method: 'POST', body: '{"a":1}' });
    expect(verifySigV4(req, opts({ credentials: [{ ...signer, secretAccessKey: 'wrong' }] }))).toEqual(MISMATCH);
    expect(verifySigV4({ ...req, payloadHash: 'UNSIGNED-PAYLOAD' }, opts())).toEqual(MISMATCH);
    expect(verifySigV4({ ...req, method: 'PUT' }, opts())).toEqual(MISMATCH);
    const signature = /Signature=([0-9a-f]+)/.exec(String(req.headers.authorization))![1];
    const flipped = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
    expect(verifySigV4(withAuthField(req, 'Signature', flipped), opts())).toEqual(MISMATCH);
    // Shorter than a SHA-256, and not hex at all: refused, not thrown (timingSafeEqual throws on unequal lengths).
    expect(verifySigV4(withAuthField(req, 'Signature', signature.slice(0, 32)), opts())).toEqual(MISMATCH);
    expect(verifySigV4(withAuthField(req, 'Signature', 'zz'), opts())).toEqual(MISMATCH);
  });

  it('without an Authorization header is MissingAuthentication; another scheme is refused', async () => {
    const req = await headerSigned();
    const { authorization: _, ...headers } = req.headers;
    expect(verifySigV4({ ...req, headers }, opts())).toEqual(fail('MissingAuthentication', 'Request is missing Authentication Token'));
    expect(verifySigV4({ ...req, headers: { ...headers, authorization: '   ' } }, opts())).toEqual(fail('MissingAuthentication', 'Request is missing Authentication Token'));
    const other = fail('IncompleteSignature', 'Unsupported authorization type; only AWS4-HMAC-SHA256 is accepted');
    expect(verifySigV4({ ...req, headers: { ...headers, authorization: 'Bearer abc.def' } }, opts())).toEqual(other);
    expect(verifySigV4({ ...req, headers: { ...headers, authorization: String(req.headers.authorization).replace('AWS4-HMAC-SHA256 ', 'AWS4-HMAC-SHA256') } }, opts())).toEqual(other);
  });

  it.each(['Credential', 'SignedHeaders', 'Signature'])('without %s is IncompleteSignature', async (field) => {
    expect(verifySigV4(withAuthField(await headerSigned(), field, undefined), opts())).toEqual(INCOMPLETE);
  });

  it('without X-Amz-Date is IncompleteSignature', async () => {
    const req = await headerSigned();
    const { 'x-amz-date': _, ...headers } = req.headers;
    expect(verifySigV4({ ...req, headers }, opts())).toEqual(INCOMPLETE);
  });

  it.each([
    ['no access key', `/${scopeDate}/us-east-1/s3/aws4_request`],
    ['no date', `${signer.accessKeyId}//us-east-1/s3/aws4_request`],
    ['no region', `${signer.accessKeyId}/${scopeDate}//s3/aws4_request`],
    ['another service', `${signer.accessKeyId}/${scopeDate}/us-east-1/sqs/aws4_request`],
    ['another terminator', `${signer.accessKeyId}/${scopeDate}/us-east-1/s3/aws5_request`],
    ['no terminator', `${signer.accessKeyId}/${scopeDate}/us-east-1/s3`],
  ])('with a credential scope of %s is IncompleteSignature', async (_, credential) => {
    expect(verifySigV4(withAuthField(await headerSigned(), 'Credential', credential), opts())).toEqual(BAD_SCOPE);
  });

  it.each([
    ['not YYYYMMDDTHHMMSSZ', `${scopeDate}T1200Z`],
    ['with trailing text', `${scopeDate}T120000Z1`],
    ['on another day than the scope', '20260302T120000Z'],
  ])('with an X-Amz-Date %s is IncompleteSignature', async (_, date) => {
    const req = await headerSigned();
    expect(verifySigV4({ ...req, headers: { ...req.headers, 'x-amz-date': date } }, opts())).toEqual(BAD_DATE);
  });

  it('is accepted up to 5 minutes either side of the server clock, and refused beyond', async () => {
    const req = await headerSigned();
    expect(verifySigV4(req, opts({ now: at(5 * 60_000) }))).toEqual(ok(DEFAULT_SIGNED));
    expect(verifySigV4(req, opts({ now: at(-5 * 60_000) }))).toEqual(ok(DEFAULT_SIGNED));
    expect(verifySigV4(req, opts({ now: at(5 * 60_000 + 1) }))).toEqual(SKEWED);
    expect(verifySigV4(req, opts({ now: at(-5 * 60_000 - 1) }))).toEqual(SKEWED);
    expect(verifySigV4(req, opts({ now: at(1000), maxSkewMs: 1000 }))).toEqual(ok(DEFAULT_SIGNED));
    expect(verifySigV4(req, opts({ now: at(1001), maxSkewMs: 1000 }))).toEqual(SKEWED);
  });

  it('must sign Host', async () => {
    const req = await headerSigned({ headers: { 'x-amz-meta-note': 'no host' } });
    expect(verifySigV4(req, opts())).toEqual(fail('SignatureDoesNotMatch', "'Host' must be a signed header"));
  });

  it('must carry every header it signed', async () => {
    const req = await headerSigned({ headers: { host: 'localhost', 'x-amz-meta-note': 'kept' } });
    expect(verifySigV4(req, opts())).toEqual(ok(['host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-meta-note']));
    const { 'x-amz-meta-note': _, ...headers } = req.headers;
    expect(verifySigV4({ ...req, headers }, opts())).toEqual(fail('SignatureDoesNotMatch', "Signed header 'x-amz-meta-note' is missing from the request"));
  });
});

describe('the canonical request', () => {
  const accepted = async (req: SignedRequest | Promise<SignedRequest>, o: Partial<VerifyOptions> = {}) => verifySigV4(await req, opts(o)).ok;

  it('trims header values and folds their inner whitespace, as the SDK signs them', async () => {
    const req = await headerSigned({ headers: { host: 'localhost', 'x-amz-meta-note': '  two   spaced\twords  ' } });
    expect(await accepted(req)).toBe(true);
  });

  it('joins a repeated header with commas', async () => {
    const req = await headerSigned({ headers: { host: 'localhost', 'x-amz-meta-tags': 'a,b' } });
    expect(await accepted({ ...req, headers: { ...req.headers, 'x-amz-meta-tags': ['a', 'b'] } })).toBe(true);
    expect(await accepted({ ...req, headers: { ...req.headers, 'x-amz-meta-tags': ['ab'] } })).toBe(false);
  });

  it.each([
    ['keys out of order', [['zeta', '1'], ['beta', '2'], ['Upper', '3'], ['alpha', '4'], ['mid', '5']]],
    ['keys in order', [['Upper', '3'], ['alpha', '4'], ['beta', '2'], ['mid', '5'], ['zeta', '1']]],
    ['a repeated key, values in order', [['tag', 'a'], ['tag', 'b'], ['tag', 'c']]],
    ['a repeated key, values out of order', [['tag', 'c'], ['tag', 'a'], ['tag', 'b']]],
    ['a repeated key, values reversed', [['tag', 'c'], ['tag', 'b'], ['tag', 'a']]],
    ['repeated keys among others', [['z', '2'], ['tag', 'b'], ['a', '9'], ['tag', 'a'], ['z', '1']]],
  ] as [string, [string, string][]][])('sorts the query by key, then value: %s', async (_, query) => {
    expect(await accepted(headerSigned({ query }))).toBe(true);
  });

  it("encodes !'()* and / in the query as the SDK does (upper-case hex)", async () => {
    expect(await accepted(headerSigned({ query: [['q', "it's (a) *b*!"], ['prefix', 'photos/2026/']] }))).toBe(true);
  });

  it('double-encodes the path for every service but S3', async () => {
    const path = '/a%20b/c%2Fd/it%27s%20%281%29%2A';
    expect(await accepted(headerSigned({ service: 'appsync', path }), { service: 'appsync', singleEncodePath: undefined })).toBe(true);
    expect(await accepted(headerSigned({ service: 's3', path, uriEscapePath: false }), { singleEncodePath: true })).toBe(true);
    // Each signed as the other service would be: refused.
    expect(await accepted(headerSigned({ service: 'appsync', path, uriEscapePath: false }), { service: 'appsync', singleEncodePath: undefined })).toBe(false);
    expect(await accepted(headerSigned({ service: 's3', path }), { singleEncodePath: true })).toBe(false);
  });

  it('takes an empty path as /', async () => {
    const req = await headerSigned({ path: '/' });
    expect(await accepted({ ...req, path: '' })).toBe(true);
    expect(await accepted({ ...req, path: '/x' })).toBe(false);
  });
});

describe('the helpers signers share', () => {
  it("signatureOf gives the hex signature of AWS's SigV4 test suite (get-vanilla)", () => {
    const key = signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830', 'us-east-1', 'service');
    const canonical = ['GET', '/', '', 'host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n', 'host;x-amz-date', hashPayload('')].join('\n');
    // A string, as the local DynamoDB data source puts it into its Authorization header.
    expect(signatureOf(key, '20150830T123600Z', '20150830/us-east-1/service/aws4_request', canonical)).toBe('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });

  it("encode as RFC 3986 with !'()* escaped, and / kept only when asked", () => {
    expect(uriEncode("a/b c!'()*~")).toBe('a%2Fb%20c%21%27%28%29%2A~');
    expect(uriEncode('a/b c', false)).toBe('a/b%20c');
  });

  it('parse only a whole YYYYMMDDTHHMMSSZ', () => {
    expect(parseAmzDate('20260301T120000Z')).toEqual(signedAt);
    expect(parseAmzDate('20261231T235959Z')).toEqual(new Date('2026-12-31T23:59:59Z'));
    for (const bad of ['x20260301T120000Z', '20260301T120000Zx', '2026-03-01T12:00:00Z', '', undefined]) expect(parseAmzDate(bad)).toBeUndefined();
  });
});

describe('temporary credentials (an identity pool session: key, secret and session token)', () => {
  const session = { ...signer, accessKeyId: 'ASIAUNITTEST', sessionToken: 'the-session-token', expiresAt: at(3600_000).getTime() };
  const INVALID_TOKEN = fail('InvalidToken', 'The security token included in the request is invalid.');

  it('are accepted with their token, header-signed or presigned', async () => {
    const req = await headerSigned({ credentials: session });
    expect(req.headers['x-amz-security-token']).toBe('the-session-token');
    expect(verifySigV4(req, opts({ credentials: [session] }))).toMatchObject({ ok: true, accessKeyId: 'ASIAUNITTEST' });
    const url = await presigned({ credentials: session });
    expect(verifySigV4(url, opts({ credentials: [session] }))).toMatchObject({ ok: true, accessKeyId: 'ASIAUNITTEST' });
  });

  it('are refused without their token (an unknown key, as S3 answers) or with another one (InvalidToken)', async () => {
    const req = await headerSigned({ credentials: { ...signer, accessKeyId: 'ASIAUNITTEST' } });
    expect(verifySigV4(req, opts({ credentials: [session] }))).toEqual(fail('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.'));
    const forged = await headerSigned({ credentials: { ...session, sessionToken: 'forged' } });
    expect(verifySigV4(forged, opts({ credentials: [session] }))).toEqual(INVALID_TOKEN);
  });

  it('are refused once expired (ExpiredToken)', async () => {
    const req = await headerSigned({ credentials: session });
    const expired = { ...session, expiresAt: signedAt.getTime() };
    expect(verifySigV4(req, opts({ credentials: [expired] }))).toEqual(fail('ExpiredToken', 'The security token included in the request is expired'));
  });
});
