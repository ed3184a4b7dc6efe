/**
 * amplify_outputs.json's `storage` section, as `npm run outputs` writes it for AWS and `npm start`
 * for the local stack: Amplify Gen 2's shape (checked against the literal a Gen 2 backend writes,
 * and read back by Amplify's own parser), one bucket whose only path is each identity's photos
 * prefix, and locally the TLS S3 as `custom.storage_endpoint`. The local file is also used by
 * the unmodified client in Chromium (test/web/storage-upload.test.ts).
 */
import { parseAmplifyConfig } from 'aws-amplify/utils';
import { describe, expect, it } from 'vitest';
import { USER_PASSWORD_POLICY } from '../../infra/constructs/user-pool.js';
import { amplifyOutputs } from '../../local/amplify-outputs.js';
import { amplifyOutputsFromStack } from '../../scripts/write-amplify-outputs.js';
import { deployedStackOutputs } from '../support/stack-outputs.js';

const stackOutputs = deployedStackOutputs({ bucketName: 'blobsstack-storageuploads1a2b3c-0123456789ab' });

describe('npm run outputs: the storage section for AWS', () => {
  const written = amplifyOutputsFromStack(stackOutputs, 'BlobsStack');

  it("is Gen 2's shape: the upload bucket, its region, and the identity's own photos prefix", () => {
    expect(written.storage).toEqual({
      aws_region: 'eu-west-1',
      bucket_name: 'blobsstack-storageuploads1a2b3c-0123456789ab',
      buckets: [
        {
          name: 'photos',
          bucket_name: 'blobsstack-storageuploads1a2b3c-0123456789ab',
          aws_region: 'eu-west-1',
          paths: { 'photos/{entity_id}/*': { entityidentity: ['get', 'list', 'write', 'delete'] } },
        },
      ],
    });
    // On AWS, Amplify derives S3's endpoint from the region: no custom endpoint.
    expect(written).not.toHaveProperty('custom.storage_endpoint');
  });

  it("is read by Amplify's own parser into Storage.S3, default bucket and named bucket alike", () => {
    const config = parseAmplifyConfig(written as Parameters<typeof parseAmplifyConfig>[0]);
    expect(config.Storage?.S3).toEqual({
      bucket: 'blobsstack-storageuploads1a2b3c-0123456789ab',
      region: 'eu-west-1',
      buckets: { photos: { bucketName: 'blobsstack-storageuploads1a2b3c-0123456789ab', region: 'eu-west-1', paths: { 'photos/{entity_id}/*': { entityidentity: ['get', 'list', 'write', 'delete'] } } } },
    });
    // Storage needs identity-pool credentials: the pool is in the same file.
    expect(config.Auth?.Cognito).toMatchObject({ identityPoolId: 'eu-west-1:0b6c7e4e-1f0a-4c55-9a6e-7d1f2b3c4d5e' });
  });

  it('names the missing output rather than writing a file without a bucket', () => {
    expect(() => amplifyOutputsFromStack(stackOutputs.filter((o) => o.OutputKey !== 'BucketName'), 'BlobsStack')).toThrow('Stack BlobsStack has no "BucketName" output');
  });
});

describe('the local shape', () => {
  const local = amplifyOutputs({
    graphqlUrl: 'http://127.0.0.1:20080/graphql',
    region: 'us-east-1',
    apiKey: 'da2-local',
    userPool: { userPoolId: 'us-east-1_local', clientId: 'c', region: 'us-east-1', endpoint: 'http://127.0.0.1:20081', passwordPolicy: USER_PASSWORD_POLICY },
    identityPool: { identityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000000', endpoint: 'http://127.0.0.1:20082', allowGuests: false },
    storage: { bucketName: 'blobs.local', region: 'us-east-1', endpoint: '127.0.0.1:20083' },
  });

  it('adds the TLS S3 as custom.storage_endpoint (host:port, no scheme: what options.customEndpoint takes)', () => {
    expect(local.custom).toMatchObject({ storage_endpoint: '127.0.0.1:20083', identity_pool_endpoint: 'http://127.0.0.1:20082' });
    expect(local.storage).toMatchObject({ bucket_name: 'blobs.local', buckets: [{ name: 'photos', bucket_name: 'blobs.local' }] });
  });

  it('writes no storage section without one (an API with no identity pool has no Storage)', () => {
    expect(amplifyOutputs({ graphqlUrl: 'http://x/graphql', region: 'us-east-1', apiKey: 'k' })).not.toHaveProperty('storage');
  });
});
