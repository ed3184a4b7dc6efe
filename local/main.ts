/**
 * `npm start`: the whole API on this machine, no AWS account, no network.
 * Starts every stand-in and the engine, prints the endpoints, writes amplify_outputs.json once
 * ready, and shuts down cleanly on Ctrl-C / SIGTERM.
 */
import ora from 'ora';
import { configFromEnv, SERVICE_PORTS, type LocalStackConfig } from './config.js';
import { DataDirTooNewError } from './data-dir-format.js';
import { formatMinute } from './metrics/index.js';
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
  // A data directory this version must not touch is a set-up error (exit 2), like bad settings.
  if (error instanceof DataDirTooNewError) {
    spinner.fail(`Could not start: ${error.message}`);
    process.exit(2);
  }
  spinner.fail(`Could not start: ${(error as Error).message}${portHint(error as NodeJS.ErrnoException & { port?: number })}`);
  process.exit(1);
}
// Measured from process start, so module loading counts too: that is what a user waits for.
spinner.succeed(`Ready in ${process.uptime().toFixed(1)} s`);

console.log(`
  GraphQL     ${stack.graphqlUrl}      (API key: ${stack.apiKey})
  Realtime    ${stack.realtimeUrl}
  Web page    ${stack.webUrl ?? '(run npm run build:web to serve it)'}
  S3          ${stack.s3Endpoint}      (and ${stack.s3TlsEndpoint}, Amplify Storage's customEndpoint)
  DynamoDB    ${stack.dynamodbEndpoint}
  Rekognition ${stack.rekognitionEndpoint}
  User pool   ${stack.userPool.endpoint}      (${stack.userPool.userPoolId}, client ${stack.userPool.clientId}; verification codes are printed below)
  Identities  ${stack.identityPool ? `${stack.identityPool.endpoint}      (${stack.identityPool.identityPoolId})` : '(the template has no identity pool)'}
  Data        ${config.dataDir}
  Outputs     ${config.outputsFile}
  Trust TLS   NODE_EXTRA_CA_CERTS=${stack.certPath}
`);

/** For a port already taken: the variable that moves that service elsewhere. */
function portHint(error: NodeJS.ErrnoException & { port?: number }): string {
  if (error.code !== 'EADDRINUSE') return '';
  const variables = SERVICE_PORTS.map((p) => [config[p.field], p.variable] as const);
  const named = variables.filter(([port]) => port !== 0 && port === error.port).map(([, name]) => name);
  const all = variables.map(([, name]) => name).join(', ');
  return named.length > 0
    ? `. Another process has port ${error.port}: stop it, or set ${named.join(' / ')} to a free port (0 picks any).`
    : `. Another process has that port: choose others with ${all} (0 picks any).`;
}

// The functions' metrics, as CloudWatch would show them: one line per minute that had any.
setInterval(() => {
  const minute = stack.metrics.rollMinute();
  if (minute.length) console.log(formatMinute(minute));
}, 60_000).unref();

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
