/**
 * Identity-pool credentials expire and the unmodified Amplify client replaces them: an hour
 * after sign-in (the process's clock moved on with vi.setSystemTime, which every in-process
 * stand-in reads, as the client does), the first credentials are refused by S3 as expired
 * (400 ExpiredToken, as S3 answers), and `fetchAuthSession()` hands out new ones, after refreshing the expired
 * ID token with the refresh token, which S3 accepts for the same identity's prefix.
 *
 * Amplify asks the pool again only after its own 50 minutes, or when the ID token changes, not
 * when `Expiration` passes (aws-amplify 6's credentialsProvider): the local lifetime is AWS's
 * hour for that reason (CREDENTIALS_LIFETIME_SECONDS).
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fetchAuthSession } from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { USER_STORAGE_PREFIX } from '../../api/object-keys.js';
import { CREDENTIALS_LIFETIME_SECONDS } from '../../local/cognito-identity/index.js';
import { failure } from '../support/failure.js';
import { startTestStack } from '../support/local-stack.js';
import { signedInUsers } from '../support/signed-in-users.js';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let users: Awaited<ReturnType<typeof signedInUsers<'carol'>>>;
const clients: S3Client[] = [];

type AwsCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
function putAs(credentials: AwsCredentials, key: string) {
  const client = new S3Client({ endpoint: stack.s3Endpoint, region: stack.region, forcePathStyle: true, credentials, maxAttempts: 1 });
  clients.push(client);
  return client.send(new PutObjectCommand({ Bucket: stack.bucketName, Key: key, Body: 'photo bytes', ContentType: 'image/jpeg' }));
}

beforeAll(async () => {
  stack = await startTestStack();
  users = await signedInUsers(stack, ['carol']);
}, 120_000);
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await stack?.close();
});

describe('credentials expire, and Amplify refreshes them', () => {
  it('after the lifetime: S3 refuses the old key as expired, fetchAuthSession() gives a new one for the same identity', async () => {
    users.as('carol');
    const first = await fetchAuthSession();
    const own = (name: string) => `${USER_STORAGE_PREFIX}${first.identityId}/${name}`;
    expect(first.credentials!.expiration!.getTime() - Date.now()).toBeGreaterThan((CREDENTIALS_LIFETIME_SECONDS - 60) * 1000);
    await putAs(first.credentials!, own('before.jpg'));
    const idTokenBefore = users.users.carol.storage.token('idToken');

    // Only Date is faked, and it keeps running: sockets and timers work as before.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + (CREDENTIALS_LIFETIME_SECONDS + 60) * 1000);

    expect(await failure(putAs(first.credentials!, own('late.jpg')))).toMatchObject({ name: 'ExpiredToken', $metadata: { httpStatusCode: 400 } });

    const second = await fetchAuthSession();
    expect(second.identityId).toBe(first.identityId);
    expect(second.credentials!.accessKeyId).not.toBe(first.credentials!.accessKeyId);
    expect(second.credentials!.expiration!.getTime()).toBeGreaterThan(Date.now());
    // The ID token had expired too: Amplify refreshed it, and the new one bought the credentials.
    expect(users.users.carol.storage.token('idToken')).not.toBe(idTokenBefore);
    await putAs(second.credentials!, own('after.jpg'));
  });
});
