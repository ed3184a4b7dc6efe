/**
 * Configures aws-amplify from amplify_outputs.json (the Gen 2 shape `npm start` writes and the
 * AWS deploy script writes) and returns the GraphQL client, authorised by the API key.
 */
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';

export interface AmplifyOutputs {
  version: string;
  data: {
    url: string;
    aws_region: string;
    default_authorization_type: string;
    api_key?: string;
    authorization_types?: string[];
  };
}

export function configureBlobsClient(outputs: AmplifyOutputs) {
  assertOutputs(outputs);
  Amplify.configure(outputs as Parameters<typeof Amplify.configure>[0]);
  return generateClient({ authMode: 'apiKey' });
}

export type BlobsGraphqlClient = ReturnType<typeof configureBlobsClient>;

/** The same outputs, built from flags instead of a file (the CLI's --url --api-key --region). */
export function outputsFrom(o: { url: string; apiKey: string; region: string }): AmplifyOutputs {
  return {
    version: '1.3',
    data: { url: o.url, aws_region: o.region, default_authorization_type: 'API_KEY', api_key: o.apiKey, authorization_types: ['AWS_IAM'] },
  };
}

function assertOutputs(outputs: AmplifyOutputs): void {
  const data = outputs?.data;
  const missing = !data ? ['data'] : (['url', 'aws_region', 'api_key'] as const).filter((k) => !data[k]);
  if (missing.length) throw new Error(`amplify_outputs.json lacks ${missing.map((k) => (k === 'data' ? k : `data.${k}`)).join(', ')}`);
}
