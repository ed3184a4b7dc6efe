/**
 * Temporary credentials in SigV4 verification (local/sigv4/verify.ts with the credential store,
 * local/sigv4/credential-store.ts), in process and for any service: the SDK's signer with a
 * session token is accepted in headers and presigned queries; the token must be the key's own
 * and unexpired; the store forgets long-expired keys.
 */
import { describe, expect, it } from 'vitest';
import { createCredentialStore } from '../../local/sigv4/credential-store.js';
import { verifySigV4 } from '../../local/sigv4/verify.js';
import { headerSigned, presigned, signedAt, signer } from '../support/sigv4-requests.js';

const temporary = { accessKeyId: 'ASIATEMPORARY', secretAccessKey: 'temporary/secret', sessionToken: 'the-session-token', expiration: new Date(signedAt.getTime() + 3600_000) };
const store = () => {
  const s = createCredentialStore([signer], () => signedAt.getTime());
  s.register(temporary);
  return s;
};

describe('a temporary key', () => {
  it('signs with its session token, in headers (the token signed) and presigned (the token in the query)', async () => {
    const credentials = store();
    const header = await headerSigned({ service: 'appsync', credentials: temporary, method: 'POST', path: '/graphql', body: '{}' });
    expect(header.headers['x-amz-security-token']).toBe(temporary.sessionToken);
    expect(verifySigV4(header, { credentials, service: 'appsync', now: signedAt })).toMatchObject({ ok: true, accessKeyId: temporary.accessKeyId });
    const query = await presigned({ credentials: temporary, path: '/blobs/a.jpg' });
    expect(query.query.get('X-Amz-Security-Token')).toBe(temporary.sessionToken);
    expect(verifySigV4(query, { credentials, service: 's3', singleEncodePath: true, now: signedAt })).toMatchObject({ ok: true });
  });

  it('is refused without its token, with another, and once expired', async () => {
    const credentials = store();
    const o = { credentials, service: 's3', singleEncodePath: true, now: signedAt };
    const withoutToken = await headerSigned({ credentials: { accessKeyId: temporary.accessKeyId, secretAccessKey: temporary.secretAccessKey } });
    expect(verifySigV4(withoutToken, o)).toMatchObject({ ok: false, code: 'InvalidAccessKeyId' });
    const other = await headerSigned({ credentials: { ...temporary, sessionToken: 'another-token' } });
    expect(verifySigV4(other, o)).toMatchObject({ ok: false, code: 'InvalidToken', message: 'The provided token is malformed or otherwise invalid.' });
    const valid = await headerSigned({ credentials: temporary });
    expect(verifySigV4(valid, { ...o, now: temporary.expiration, maxSkewMs: 2 * 3600_000 })).toMatchObject({ ok: false, code: 'ExpiredToken', message: 'The provided token has expired.' });
  });

  it('a permanent key may carry a stray token: it is ignored', async () => {
    const req = await headerSigned({ credentials: { ...signer, sessionToken: 'stray' } });
    expect(verifySigV4(req, { credentials: store(), service: 's3', singleEncodePath: true, now: signedAt })).toMatchObject({ ok: true, accessKeyId: signer.accessKeyId });
  });

  it('is forgotten a day after it expired, so a long run does not keep every key it issued', () => {
    let now = signedAt.getTime();
    const credentials = createCredentialStore([], () => now);
    credentials.register(temporary);
    now = temporary.expiration.getTime() + 25 * 3600_000;
    credentials.register({ ...temporary, accessKeyId: 'ASIANEXT' });
    expect(credentials.find(temporary.accessKeyId)).toBeUndefined();
    expect(credentials.find('ASIANEXT')).toBeDefined();
  });
});
