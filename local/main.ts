/**
 * `npm start`: the whole API on this machine, no AWS account, no network.
 * Starts every stand-in and the engine, prints the endpoints, writes amplify_outputs.json once
 * ready, and shuts down cleanly on Ctrl-C / SIGTERM.
 */
import ora from 'ora';
import { configFromEnv, type LocalStackConfig } from './config.js';
import type { LocalStack } from './stack.js';

// graphql-js (and tfjs in the labeller) skip development-only checks in production mode;
// graphql's cross-realm instanceof check alone was ~8 % of a query's CPU
// (bench/probes/engine-cost.ts). They read it once, when loaded: so set it before the stack loads.
process.env.NODE_ENV ??= 'production';

let config: LocalStackConfig;
try {
  config = configFromEnv();
} catch (error) {
  console.error(`Could not start: ${(error as Error).message}`);
  process.exit(2);
}
const { startLocalStack } = await import('./stack.js');
const spinner = ora({ text: 'Starting the local stack…', isEnabled: process.stdout.isTTY === true }).start();

let stack: LocalStack;
try {
  stack = await startLocalStack({
    ...config,
    onProgress: (step) => (spinner.text = step),
    // No e-mail leaves this machine: the code a user would be mailed is printed here instead.
    onVerificationCode: ({ username, code, purpose }) => console.log(`  Verification code for ${username} (${purpose === 'SIGN_UP' ? 'sign-up' : 'password reset'}): ${code}`),
  });
} catch (error) {
  const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? ' (another process has that port: choose others with BLOBS_PORT, BLOBS_S3_PORT, BLOBS_DYNAMODB_PORT, BLOBS_REKOGNITION_PORT, BLOBS_COGNITO_PORT)' : '';
  spinner.fail(`Could not start: ${(error as Error).message}${inUse}`);
  process.exit(1);
}
// Measured from process start, so module loading counts too: that is what a user waits for.
spinner.succeed(`Ready in ${process.uptime().toFixed(1)} s`);

console.log(`
  GraphQL     ${stack.graphqlUrl}      (API key: ${stack.apiKey})
  Realtime    ${stack.realtimeUrl}
  Web page    ${stack.webUrl ?? '(run npm run build:web to serve it)'}
  S3          ${stack.s3Endpoint}
  DynamoDB    ${stack.dynamodbEndpoint}
  Rekognition ${stack.rekognitionEndpoint}
  User pool   ${stack.userPool.endpoint}      (${stack.userPool.userPoolId}, client ${stack.userPool.clientId}; verification codes are printed below)
  Data        ${config.dataDir}
  Outputs     ${config.outputsFile}
  Trust TLS   NODE_EXTRA_CA_CERTS=${stack.certPath}
`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  const timer = setTimeout(() => {
    console.error('Stopping took too long; exiting anyway.');
    process.exit(1);
  }, 10_000);
  timer.unref();
  await stack.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
