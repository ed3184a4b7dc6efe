/**
 * `blobs label <files…>`: labels images through the deployed or local API with the same client
 * the web page uses. Loaded only when this command runs (see cli/program.ts), so it may import
 * aws-amplify and the rest of the client freely.
 */
import type { BlobFeature } from '../../api/generated/graphql.js';
import { loadOutputs, type ApiFlags } from '../outputs.js';
import { progressDisplay } from '../progress-display.js';
import { featureTables } from '../feature-report.js';
import { asJson, asTable } from '../report.js';
import { labelFiles } from '../run-files.js';
import { uploadWithNodeHttp } from '../upload-node.js';
import { findLocalCertificate, installWebSocket } from '../websocket.js';
import { EXIT, type ExitCode } from '../exit.js';
import { labellingClient } from '../session.js';

export interface LabelFlags extends ApiFlags {
  callback?: string;
  features?: BlobFeature[];
  minConfidence?: number;
  maxLabels?: number;
  json?: boolean;
  concurrency: number;
  ca?: string;
}

export async function run(files: string[], flags: LabelFlags): Promise<ExitCode> {
  let client;
  try {
    installWebSocket(findLocalCertificate(flags.ca));
    client = await labellingClient(await loadOutputs(flags), uploadWithNodeHttp); // as the `blobs login` user, if any
  } catch (error) {
    process.stderr.write(`blobs: ${(error as Error).message}\n`);
    return EXIT.cannotStart;
  }
  const display = progressDisplay();
  const outcomes = await labelFiles(client, files, {
    concurrency: flags.concurrency,
    callbackUrl: flags.callback,
    request: { features: flags.features, minConfidence: flags.minConfidence, maxLabels: flags.maxLabels },
    progress: display,
  });
  display.stop();
  process.stdout.write(flags.json ? asJson(outcomes) : asTable(outcomes) + featureTables(outcomes));
  for (const failed of outcomes.filter((o) => !o.ok)) process.stderr.write(`blobs: ${failed.file}: ${failed.error?.message}\n`);
  return outcomes.every((o) => o.ok) ? EXIT.ok : EXIT.notAllOk;
}
