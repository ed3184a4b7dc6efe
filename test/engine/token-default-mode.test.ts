/**
 * AMAZON_COGNITO_USER_POOLS as the API's default mode, with AppSync's defaultAction: ALLOW opens
 * fields without directives to every signed-in user, DENY closes them (directives still open theirs).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuthConfig } from '../../local/appsync/index.js';
import { createIssuer } from '../support/tokens.js';
import { startEngine } from './harness.js';
import { admin, alice, CLIENT_ID, expectRefused, OIDC_CLIENT, OTHER_CLIENT_ID, postWith } from './token-fixtures.js';

let pool: Awaited<ReturnType<typeof createIssuer>>;
let oidc: Awaited<ReturnType<typeof createIssuer>>;

/** The pool's keys handed over in-process; OIDC configured but not one of the API's modes. */
const userPoolDefault = (config: Partial<AuthConfig>): Partial<AuthConfig> => ({
  oidc: { issuer: oidc.issuer, keys: { jwks: oidc.jwks }, clientId: OIDC_CLIENT },
  ...config,
});

beforeAll(async () => {
  pool = await createIssuer('http://127.0.0.1:9/us-east-1_LocalPool');
  oidc = await createIssuer('https://id.example.test');
});
describe('user pools as the default mode', () => {
  it('ALLOW: signed-in users reach fields without directives; API keys reach only theirs', async () => {
    const e = await startEngine(userPoolDefault({ defaultMode: 'AMAZON_COGNITO_USER_POOLS', additionalModes: ['API_KEY'], userPool: { issuer: pool.issuer, keys: { jwks: pool.jwks }, appIdClientRegex: CLIENT_ID, defaultAction: 'ALLOW' } }));
    try {
      const token = await pool.accessToken(alice, CLIENT_ID);
      expect((await postWith(e.engine.url, token, '{ defaultOnly me { defaultAuthStrategy } }')).body).toEqual({ data: { defaultOnly: 'defaultOnly', me: { defaultAuthStrategy: 'ALLOW' } } });
      expect((await e.post('{ defaultOnly }')).body).toMatchObject({ data: { defaultOnly: null }, errors: [{ errorType: 'Unauthorized' }] });
      // OIDC is not enabled on this API: its tokens are foreign.
      expectRefused(await postWith(e.engine.url, await oidc.idToken(alice, OIDC_CLIENT), '{ oidcOnly }') as never);
    } finally {
      await e.close();
    }
  });

  it('DENY: fields without directives are closed to every signed-in user; directives still open theirs', async () => {
    const e = await startEngine(userPoolDefault({ defaultMode: 'AMAZON_COGNITO_USER_POOLS', additionalModes: [], userPool: { issuer: pool.issuer, keys: { jwks: pool.jwks }, defaultAction: 'DENY' } }));
    try {
      // No appIdClientRegex: any app client of the pool is accepted.
      const token = await pool.accessToken(admin, OTHER_CLIENT_ID);
      const { body } = await postWith(e.engine.url, token, '{ defaultOnly admins me { defaultAuthStrategy } }');
      expect(body.data).toEqual({ defaultOnly: null, admins: 'admins', me: { defaultAuthStrategy: 'DENY' } });
      expect(body.errors).toEqual([expect.objectContaining({ path: ['defaultOnly'], errorType: 'Unauthorized' })]);
      // API keys are not a mode of this API at all.
      const keyed = await e.post('{ defaultOnly }');
      expect(keyed.status).toBe(401);
    } finally {
      await e.close();
    }
  });
});
