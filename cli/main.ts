/**
 * `blobs label <files…>`: labels images through the deployed or local API with the same client
 * the web page uses. Exit code 0 when every file is LABELLED, 1 when any is not, 2 when the CLI
 * could not start (no amplify_outputs.json, bad flags).
 */
import { Command, InvalidArgumentError } from 'commander';
import { createBlobsClient } from '../client/index.js';
import { loadOutputs } from './outputs.js';
import { progressDisplay } from './progress-display.js';
import { asJson, asTable } from './report.js';
import { labelFiles } from './run-files.js';
import { uploadWithNodeHttp } from './upload-node.js';
import { findLocalCertificate, installWebSocket } from './websocket.js';

interface LabelFlags {
  callback?: string;
  json?: boolean;
  concurrency: number;
  outputs?: string;
  url?: string;
  apiKey?: string;
  region?: string;
  ca?: string;
}

const positiveInt = (raw: string) => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return value;
};

const program = new Command('blobs').description('Label images with the blobs API').showHelpAfterError();

program
  .command('label')
  .description('upload images and print the labels found in each')
  .argument('<files...>', 'JPEG or PNG images')
  .option('--callback <url>', 'also POST each result to this webhook URL')
  .option('--json', 'print the results as JSON on stdout')
  .option('--concurrency <n>', 'files labelled at the same time', positiveInt, 4)
  .option('--outputs <path>', 'amplify_outputs.json to read', 'amplify_outputs.json')
  .option('--url <graphqlUrl>', 'GraphQL endpoint (instead of amplify_outputs.json)')
  .option('--api-key <key>', 'API key for --url')
  .option('--region <region>', 'AWS region for --url', 'us-east-1')
  .option('--ca <file>', 'certificate to trust for the realtime socket (default: $BLOBS_CA_CERT, else .blobs/tls/localhost.crt if present)')
  .action(async (files: string[], flags: LabelFlags) => {
    let client;
    try {
      installWebSocket(findLocalCertificate(flags.ca));
      client = createBlobsClient(await loadOutputs(flags), uploadWithNodeHttp);
    } catch (error) {
      process.stderr.write(`blobs: ${(error as Error).message}\n`);
      return exit(2);
    }
    const display = progressDisplay();
    const outcomes = await labelFiles(client, files, { concurrency: flags.concurrency, callbackUrl: flags.callback, progress: display });
    display.stop();
    process.stdout.write(flags.json ? asJson(outcomes) : asTable(outcomes));
    for (const failed of outcomes.filter((o) => !o.ok)) process.stderr.write(`blobs: ${failed.file}: ${failed.error?.message}\n`);
    exit(outcomes.every((o) => o.ok) ? 0 : 1);
  });

/** Exits once stdout has drained: Amplify's realtime socket would otherwise keep the process alive a while. */
function exit(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

await program.parseAsync(process.argv);
