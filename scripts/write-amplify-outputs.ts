/**
 * `npm run outputs [-- --stack BlobsStack --region eu-west-1 --file amplify_outputs.json]`:
 * reads the deployed stack's outputs from CloudFormation and writes amplify_outputs.json, so
 * the web page, the CLI and any Amplify app talk to AWS exactly as they talk to `npm start`.
 * Credentials and region come from the usual AWS SDK chain (profile, env, SSO).
 */
import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand, type Output } from '@aws-sdk/client-cloudformation';
import { OUTPUT_NAMES } from '../infra/stack-outputs.js';
import { USER_PASSWORD_POLICY } from '../infra/constructs/user-pool.js';
import { amplifyOutputs, type AmplifyOutputs } from '../local/amplify-outputs.js';
import { writeFileAtomically } from '../local/atomic-file.js';

/** Maps CloudFormation outputs to amplify_outputs.json; names what is missing rather than writing half a file. */
export function amplifyOutputsFromStack(outputs: readonly Output[], stackName: string): AmplifyOutputs {
  const byKey = new Map(outputs.map((o) => [o.OutputKey, o.OutputValue]));
  const need = (key: string): string => {
    const value = byKey.get(key);
    if (!value) throw new Error(`Stack ${stackName} has no "${key}" output; is it the blobs stack, fully deployed?`);
    return value;
  };
  const region = need(OUTPUT_NAMES.region);
  return amplifyOutputs({
    graphqlUrl: need(OUTPUT_NAMES.graphqlUrl),
    region,
    apiKey: need(OUTPUT_NAMES.apiKey),
    restApiUrl: need(OUTPUT_NAMES.restApiUrl),
    // No endpoint: on AWS, Amplify derives Cognito's from the pool id's region.
    userPool: { userPoolId: need(OUTPUT_NAMES.userPoolId), clientId: need(OUTPUT_NAMES.userPoolClientId), region, passwordPolicy: USER_PASSWORD_POLICY },
    // No endpoint either: Amplify derives the identity pool's from its id's region. No guests (infra/constructs/identity-pool.ts).
    identityPool: { identityPoolId: need(OUTPUT_NAMES.identityPoolId), allowGuests: false },
    // Amplify Storage's photos/ prefix is on the upload bucket; its name has no dot, so Amplify
    // addresses it virtual-hosted at s3.<region>.amazonaws.com, as S3 prefers.
    storage: { bucketName: need(OUTPUT_NAMES.bucketName), region },
  });
}

const DEPLOY_FIRST = 'The stack must be deployed first: `npx cdk bootstrap` (once per account and region), then `npx cdk deploy`.';

/** What to do about an error met before the stack could be read; the SDK's own words alone ("Region is missing") don't say. */
export function explainSetupError(error: unknown, stackName: string): string {
  const { name = '', message = String(error) } = (error ?? {}) as { name?: string; message?: string };
  if (/region is missing/i.test(message)) {
    return `No AWS region is configured. Set AWS_REGION (e.g. AWS_REGION=eu-west-1 npm run outputs), or AWS_PROFILE to a profile with a region in ~/.aws/config, or pass --region. ${DEPLOY_FIRST}`;
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return `No AWS credentials were found. Set AWS_PROFILE (after \`aws configure\` or \`aws sso login\`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. ${DEPLOY_FIRST}`;
  }
  if (name === 'ValidationError' && /does not exist/i.test(message)) {
    return `Stack ${stackName} does not exist in this account and region. ${DEPLOY_FIRST} (Deployed under another name? Pass --stack <name>; in another region? Set AWS_REGION or pass --region.)`;
  }
  return `Could not read stack ${stackName}: ${message}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { stack: { type: 'string', default: 'BlobsStack' }, region: { type: 'string' }, file: { type: 'string', default: 'amplify_outputs.json' } },
  });
  const stackName = values.stack!;
  const cloudformation = new CloudFormationClient(values.region ? { region: values.region } : {});
  const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName })).catch((error: unknown) => {
    throw new Error(explainSetupError(error, stackName));
  });
  const outputs = amplifyOutputsFromStack(Stacks?.[0]?.Outputs ?? [], stackName);
  await writeFileAtomically(values.file!, `${JSON.stringify(outputs, null, 2)}\n`);
  console.log(`Wrote ${values.file} for ${outputs.data.url} (${outputs.data.aws_region})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
