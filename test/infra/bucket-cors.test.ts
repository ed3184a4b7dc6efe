/**
 * The blob bucket's one CORS rule, for both browser paths (the presigned PUT and Amplify
 * Storage), as the template declares it and as the local S3 serves it: the local S3 is started
 * here with the rule read from this very template (local/template/bucket-cors.ts), so a browser
 * is allowed locally exactly what it is on AWS.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketCorsOf } from '../../local/template/bucket-cors.js';
import type { CfnTemplate } from '../../local/template/types.js';
import { startPlainS3, type PlainS3 } from '../s3/plain-fixture.js';
import { TEST_CONTEXT, useSynthesizedStack } from './synthesized-stack.js';

const stack = useSynthesizedStack({ bundle: false });
const ORIGIN = TEST_CONTEXT.corsOrigins;
const uploadsId = () => stack.resourcesOf('AWS::S3::Bucket').find(([, b]) => b.Properties.CorsConfiguration)![0];

describe('the upload bucket’s CORS rule (AWS)', () => {
  it('allows what Amplify Storage needs from the configured origins: every method it uses, any header, ETag and S3’s ids exposed', () => {
    const [rule, ...others] = stack.resourcesOf('AWS::S3::Bucket').find(([, b]) => b.Properties.CorsConfiguration)![1].Properties.CorsConfiguration.CorsRules;
    expect(others).toEqual([]);
    expect(rule.AllowedOrigins).toEqual([ORIGIN]);
    expect([...rule.AllowedMethods].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'POST', 'PUT']);
    expect(rule.AllowedHeaders).toEqual(['*']);
    expect(rule.ExposedHeaders).toEqual(expect.arrayContaining(['ETag', 'x-amz-server-side-encryption', 'x-amz-request-id', 'x-amz-id-2']));
    expect(rule.MaxAge).toBeGreaterThan(0);
  });
});

describe('the local S3 serving the template’s rule', () => {
  let fixture: PlainS3;
  const credentials = { accessKeyId: 'CORSTESTKEY', secretAccessKey: 'cors-test-secret' };
  beforeAll(async () => {
    const rules = bucketCorsOf(stack.template.toJSON() as CfnTemplate, uploadsId());
    fixture = await startPlainS3({ credentials: [credentials], buckets: ['blobs'], cors: rules });
  });
  afterAll(() => fixture?.close());
  const preflight = (origin: string, method: string, headers: string) =>
    fetch(`${fixture.s3.endpoint}/blobs/photos/x/a.jpg?uploads`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers } });

  it('lets Amplify’s multipart requests through a preflight (POST, its x-amz-* headers), exposing ETag', async () => {
    const res = await preflight(ORIGIN, 'POST', 'authorization,content-type,x-amz-content-sha256,x-amz-date,x-amz-security-token,x-amz-user-agent,x-amz-meta-features');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD, PUT, POST, DELETE');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-amz-security-token');
    expect(res.headers.get('access-control-expose-headers')).toContain('ETag');
    expect(res.headers.get('access-control-max-age')).toBe('3000');
  });

  it('lets the presigned PUT through (its signed Content-Type), and DELETE for remove', async () => {
    expect((await preflight(ORIGIN, 'PUT', 'content-type')).status).toBe(200);
    expect((await preflight(ORIGIN, 'DELETE', '')).status).toBe(200);
  });

  it('refuses another origin and a method the rule does not name, as S3 does (403 AccessForbidden)', async () => {
    const other = await preflight('https://evil.example.com', 'PUT', 'content-type');
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('<Code>AccessForbidden</Code>');
    expect((await preflight(ORIGIN, 'PATCH', '')).status).toBe(403);
  });

  it('exposes ETag on the answer to a real request from the origin, and adds no CORS headers for another', async () => {
    await fixture.client.send(new PutObjectCommand({ Bucket: 'blobs', Key: 'cors.txt', Body: 'hi' }));
    const url = await getSignedUrl(fixture.client, new GetObjectCommand({ Bucket: 'blobs', Key: 'cors.txt' }), { expiresIn: 60 });
    const mine = await fetch(url, { headers: { origin: ORIGIN } });
    expect(await mine.text()).toBe('hi');
    expect(mine.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(mine.headers.get('access-control-expose-headers')).toContain('ETag');
    const theirs = await fetch(url, { headers: { origin: 'https://evil.example.com' } });
    expect(theirs.headers.get('access-control-allow-origin')).toBeNull();
  });
});
