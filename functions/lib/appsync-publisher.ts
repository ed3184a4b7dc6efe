/**
 * Calls publishBlobLabelled with SigV4 (IAM), which is what makes AppSync push the blob to
 * onBlobLabelled subscribers. Subscribers only receive fields this mutation selects, so it
 * selects every stored field of Blob (imageUrl is made per reader, by query). `owner` is what
 * onBlobLabelled's filter matches a user-pool subscriber against.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { BLOB_FIELDS } from '../../api/blob-fields.js';
import type { PublicBlob } from './blob-record.js';
import type { PublishBlobLabelledInput } from '../../api/generated/graphql.js';

export const PUBLISH_BLOB_LABELLED = /* GraphQL */ `
  mutation PublishBlobLabelled($input: PublishBlobLabelledInput!) {
    publishBlobLabelled(input: $input) { ${BLOB_FIELDS} }
  }
`;

export function createPublisher(o: { graphqlUrl: string; region: string; credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } }) {
  const signer = new SignatureV4({ service: 'appsync', region: o.region, sha256: Sha256, credentials: o.credentials ?? defaultProvider() });
  const url = new URL(o.graphqlUrl);

  return async function publish(blob: PublicBlob): Promise<void> {
    const input: PublishBlobLabelledInput = { ...blob };
    delete (input as { __typename?: string }).__typename;
    const body = JSON.stringify({ query: PUBLISH_BLOB_LABELLED, variables: { input } });
    const signed = await signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        headers: { host: url.host, 'content-type': 'application/json' },
        body,
      }),
    );
    const response = await fetch(url, { method: 'POST', headers: signed.headers, body });
    const text = await response.text();
    if (!response.ok) throw new Error(`publishBlobLabelled failed: HTTP ${response.status} ${text.slice(0, 300)}`);
    const result = JSON.parse(text) as { errors?: Array<{ message: string; errorType?: string }> };
    if (result.errors?.length) throw new Error(`publishBlobLabelled failed: ${result.errors.map((e) => `${e.errorType}: ${e.message}`).join('; ')}`);
  };
}
