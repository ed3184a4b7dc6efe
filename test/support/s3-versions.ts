/** What S3 itself holds for a key: every version and delete marker (ListObjectVersions), not what the API says. */
import { ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import type { LocalStack } from '../../local/stack.js';

export function objectVersions(stack: Pick<LocalStack, 's3Endpoint' | 'region' | 'credentials' | 'bucketName'>) {
  const s3 = new S3Client({ endpoint: stack.s3Endpoint, region: stack.region, credentials: stack.credentials, forcePathStyle: true });
  return {
    async of(key: string) {
      const out = await s3.send(new ListObjectVersionsCommand({ Bucket: stack.bucketName, Prefix: key }));
      return [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])].filter((v) => v.Key === key);
    },
    close: () => s3.destroy(),
  };
}
