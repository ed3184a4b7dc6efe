/**
 * Every `blobs` command, its arguments and options, declared with commander. This module and
 * its imports stay light (commander only): `blobs --help`, `blobs label --help` and argument
 * errors are answered from here, without loading aws-amplify, the AWS SDK or the network.
 *
 * Adding a command is a one-file job plus one registration:
 *   1. write cli/commands/<name>.ts exporting `run(...args, flags): Promise<ExitCode>`, which
 *      may import anything (it is loaded only when that command runs);
 *   2. register it below: `program.command('<name>')…options….action(lazy(() => import('./commands/<name>.js')))`.
 * Options shared by commands that talk to the API come from `withApiOptions`.
 */
import { Command, InvalidArgumentError } from 'commander';
import type { ExitCode } from './exit.js';
import { parseConfidence, parseFeatures } from './feature-list.js';

type CommandModule<Args extends unknown[]> = { run: (...args: Args) => Promise<ExitCode> };

/** The action that loads a command's module when it runs; its exit code becomes the process's (cli/main.ts exits with it). */
const lazy =
  <Args extends unknown[]>(load: () => Promise<CommandModule<Args>>) =>
  async (...args: Args) => {
    const command = await load();
    process.exitCode = await command.run(...args);
  };

const positiveInt = (raw: string) => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return value;
};

/** A myBlobs page size: the API takes 1 to 100. */
const pageSize = (raw: string) => {
  const value = positiveInt(raw);
  if (value > 100) throw new InvalidArgumentError('must be at most 100');
  return value;
};

/** Where the API is: amplify_outputs.json, or the endpoint and key given directly; and the certificate to trust. */
export function withApiOptions(command: Command): Command {
  return command
    .option('--outputs <path>', 'amplify_outputs.json to read', 'amplify_outputs.json')
    .option('--url <graphqlUrl>', 'GraphQL endpoint (instead of amplify_outputs.json)')
    .option('--api-key <key>', 'API key for --url')
    .option('--region <region>', 'AWS region for --url', 'us-east-1')
    .option('--ca <file>', 'certificate to trust for the realtime socket (default: $BLOBS_CA_CERT, else .blobs/tls/localhost.crt if present)');
}

export function blobsProgram(): Command {
  // exitOverride and showHelpAfterError first: subcommands copy them when they are created.
  const program = new Command('blobs').description('Label images with the blobs API').exitOverride().showHelpAfterError();

  withApiOptions(
    program
      .command('label')
      .description('upload images and print the labels found in each')
      .argument('<files...>', 'JPEG or PNG images')
      .option('--callback <url>', 'also POST each result to this webhook URL')
      .option('--features <list>', 'what to ask Rekognition: labels, image-properties, text, faces, moderation, comma-separated, or all', parseFeatures)
      .option('--min-confidence <n>', 'drop labels and moderation labels below this confidence (0-100)', parseConfidence)
      .option('--max-labels <n>', 'at most this many labels (1-1000)', positiveInt)
      .option('--json', 'print the results as JSON on stdout')
      .option('--concurrency <n>', 'files labelled at the same time', positiveInt, 4),
  ).action(lazy(() => import('./commands/label.js')));

  // Signed-in commands: the session is kept in $BLOBS_CONFIG_DIR, $XDG_CONFIG_HOME/blobs or ~/.config/blobs.
  const outputsOption = ['--outputs <path>', 'amplify_outputs.json to read', 'amplify_outputs.json'] as const;
  program
    .command('login')
    .description("sign in to the API's user pool; later commands act as you (label creates your images)")
    .option('--email <email>', 'your email (asked for when missing)')
    .option('--password-stdin', 'read the password from stdin instead of asking')
    .option(...outputsOption)
    .action(lazy(() => import('./commands/login.js')));
  program
    .command('logout')
    .description('sign out everywhere and forget the stored tokens')
    .option(...outputsOption)
    .action(lazy(() => import('./commands/logout.js')));
  // list and search print the same pages: myBlobs and searchBlobs both answer a BlobConnection.
  const withPaging = (command: Command) =>
    command
      .option('--limit <n>', 'images per page (1-100; default: the API\'s 20)', pageSize)
      .option('--next-token <token>', 'the page after the one that printed this token')
      .option('--all', 'every page, one after another')
      .option('--json', 'print the page as JSON ({ items, nextToken }) on stdout')
      .option(...outputsOption);
  withPaging(program.command('list').description('list your images, newest first')).action(lazy(() => import('./commands/list.js')));
  withPaging(
    program
      .command('search')
      .description('your images with all these labels (or any, with --any), newest first; a label also matches its parents and aliases')
      .argument('<labels...>', 'label names, e.g. dog cat (case does not matter)')
      .option('--any', 'images with any of the labels, instead of all of them')
      .option('--min-confidence <n>', 'only labels found with at least this confidence (0-100)', parseConfidence),
  ).action(lazy(() => import('./commands/search.js')));
  program
    .command('labels')
    .description('your labels and how many of your images carry each, most frequent first')
    .option('--limit <n>', 'at most this many labels (default: the API\'s 50)', positiveInt)
    .option('--json', 'print them as JSON ([{ name, count }]) on stdout')
    .option(...outputsOption)
    .action(lazy(() => import('./commands/labels.js')));
  program
    .command('delete')
    .description('delete one of your images (the picture and its labels); exit 1 when there is none of yours by that id')
    .argument('<id>', 'the blob id (from blobs list)')
    .option(...outputsOption)
    .action(lazy(() => import('./commands/delete.js')));
  const token = program.command('token').description('personal access tokens: act as you from scripts and CI (BLOBS_TOKEN=<token>) without logging in');
  token
    .command('create')
    .description('make a token and print it (shown only once)')
    .argument('<name>', 'what it is for, e.g. ci')
    .option('--days <n>', 'days until it expires (1-365; default 30)', positiveInt)
    .option('--json', 'print { id, name, token, expiresAt } as JSON')
    .option(...outputsOption)
    .action(lazy(() => import('./commands/token.js').then((m) => ({ run: m.create }))));
  token
    .command('list')
    .description('your tokens (never their secrets)')
    .option('--json', 'print them as JSON')
    .option(...outputsOption)
    .action(lazy(() => import('./commands/token.js').then((m) => ({ run: m.list }))));
  token
    .command('revoke')
    .description('end a token at once; exit 1 when there is none of yours by that id')
    .argument('<id>', 'the token id (from blobs token list)')
    .option(...outputsOption)
    .action(lazy(() => import('./commands/token.js').then((m) => ({ run: m.revoke }))));

  return program;
}
