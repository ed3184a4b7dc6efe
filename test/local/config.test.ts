/** `npm start`'s environment: defaults, and a clear message for each value it cannot use. */
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../local/config.js';

describe('configFromEnv', () => {
  it('has defaults that need nothing set', () => {
    expect(configFromEnv({}, '/repo')).toMatchObject({ dataDir: '/repo/.blobs', host: '127.0.0.1', graphqlPort: 20080, s3Port: 20081, cognitoPort: 20084, identityPoolPort: 20085, allowLoopbackCallbacks: true, outputsFile: '/repo/amplify_outputs.json', waf: false });
    expect(configFromEnv({ BLOBS_WAF: 'true' }, '/repo').waf).toBe(true);
    expect(configFromEnv({}, '/repo').labellerRuntime).toBe('native');
    expect(configFromEnv({ BLOBS_LABELLER_RUNTIME: 'wasm' }, '/repo').labellerRuntime).toBe('wasm');
  });

  it('takes a fixed API key and webhook secret', () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(configFromEnv({ BLOBS_API_KEY: 'da2-fixed', BLOBS_WEBHOOK_SECRET: secret }, '/repo')).toMatchObject({ apiKey: 'da2-fixed', webhookSecret: secret });
  });

  it.each([
    ['BLOBS_PORT', 'eighty', 'BLOBS_PORT must be a port number (0-65535), got "eighty"'],
    ['BLOBS_S3_PORT', '70000', 'BLOBS_S3_PORT must be a port number (0-65535), got "70000"'],
    ['BLOBS_COGNITO_PORT', '-1', 'BLOBS_COGNITO_PORT must be a port number (0-65535), got "-1"'],
    ['BLOBS_IDENTITY_POOL_PORT', '70000', 'BLOBS_IDENTITY_POOL_PORT must be a port number (0-65535), got "70000"'],
    ['BLOBS_LABELLER_WORKERS', '0', 'BLOBS_LABELLER_WORKERS must be a whole number ≥ 1, got "0"'],
    ['BLOBS_LABELLER_RUNTIME', 'gpu', 'BLOBS_LABELLER_RUNTIME must be one of native, wasm, got "gpu"'],
    ['BLOBS_ALLOW_LOOPBACK_CALLBACKS', 'maybe', 'BLOBS_ALLOW_LOOPBACK_CALLBACKS must be true or false, got "maybe"'],
    ['BLOBS_WAF', 'sometimes', 'BLOBS_WAF must be true or false, got "sometimes"'],
    ['BLOBS_WEBHOOK_SECRET', 'whsec_short', 'BLOBS_WEBHOOK_SECRET must be base64 of 24 bytes or more (optionally prefixed whsec_)'],
  ])('%s=%s is refused', (name, value, message) => {
    expect(() => configFromEnv({ [name]: value }, '/repo')).toThrow(message);
  });
});
