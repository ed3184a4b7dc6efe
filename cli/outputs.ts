/** Where the CLI finds the API: --url/--api-key/--region, else amplify_outputs.json (--outputs or the working directory). */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { outputsFrom, type AmplifyOutputs } from '../client/index.js';

export interface ApiFlags {
  outputs?: string;
  url?: string;
  apiKey?: string;
  region?: string;
}

export async function loadOutputs(flags: ApiFlags, cwd = process.cwd()): Promise<AmplifyOutputs> {
  if (flags.url || flags.apiKey) {
    if (!flags.url || !flags.apiKey) throw new Error('--url and --api-key go together');
    return outputsFrom({ url: flags.url, apiKey: flags.apiKey, region: flags.region ?? 'us-east-1' });
  }
  const file = resolve(cwd, flags.outputs ?? 'amplify_outputs.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`no ${file}: start the local stack with \`npm start\` (it writes one), or pass --outputs, or --url and --api-key`);
  }
  try {
    return JSON.parse(text) as AmplifyOutputs;
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`);
  }
}
