/**
 * The synthesized template the local runtime runs under: `BLOBS_TEMPLATE=<file>` if given,
 * else one synthesized from this checkout and cached by a hash of everything it is made from,
 * so a start after no change to infra/, api/, resolvers/ or the schema reads a file instead of
 * running CDK. Synthesis runs in a child process (infra/synth-template.ts): the local runtime
 * reads the template, never infra/'s constructs, and aws-cdk-lib stays out of its memory.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir } from '../cache-dir.js';
import type { CfnTemplate } from './types.js';

/** What the template is made from: a change to any of these is a different template. */
const INPUTS = ['infra', 'api', 'resolvers', 'schema.graphql', 'cdk.json', 'package-lock.json'];
const SKIP = /(^|\/)(cdk\.out|node_modules)(\/|$)|\.test\.ts$/;

export interface TemplateSource {
  template: CfnTemplate;
  /** The file it was read from. */
  file: string;
  /** Whether this start had to synthesize it. */
  synthesized: boolean;
}

/**
 * `context`: settings a deploy would give with `cdk deploy -c key=value` (handed to the synth as
 * CDK_CONTEXT_JSON, which a CDK App reads), cached apart from the default template.
 */
export async function loadTemplate(o: { rootDir: string; templateFile?: string; context?: Record<string, string> }): Promise<TemplateSource> {
  if (o.templateFile) return { template: await readTemplate(o.templateFile), file: o.templateFile, synthesized: false };
  const context = o.context && Object.keys(o.context).length ? o.context : undefined;
  const contextKey = context ? `-${createHash('sha256').update(JSON.stringify(Object.entries(context).sort())).digest('hex').slice(0, 8)}` : '';
  const file = cacheDir(o.rootDir, `template-${await inputsHash(o.rootDir)}${contextKey}.json`);
  const cached = await readTemplate(file).catch(() => undefined);
  if (cached) return { template: cached, file, synthesized: false };
  await mkdir(cacheDir(o.rootDir), { recursive: true });
  const env = context ? { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context) } : process.env;
  await promisify(execFile)(process.execPath, ['--import', 'tsx', join(o.rootDir, 'infra', 'synth-template.ts'), file], { cwd: o.rootDir, env, maxBuffer: 16 * 1024 * 1024 });
  return { template: await readTemplate(file), file, synthesized: true };
}

async function readTemplate(file: string): Promise<CfnTemplate> {
  const template = JSON.parse(await readFile(file, 'utf8')) as CfnTemplate;
  if (!template || typeof template.Resources !== 'object') throw new Error(`${file} is not a CloudFormation template (no Resources)`);
  return template;
}

export async function inputsHash(rootDir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of await filesUnder(rootDir, join(rootDir, input))) {
      hash.update(`${relative(rootDir, file)}\0`).update(await readFile(file)).update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** The files under `path` (or `path` itself), sorted; a skipped folder is not even listed (cdk.out is large). */
async function filesUnder(rootDir: string, path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOTDIR') return undefined;
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (!entries) return SKIP.test(relative(rootDir, path)) ? [] : [path];
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const child = join(path, entry.name);
    if (SKIP.test(relative(rootDir, child))) continue;
    if (entry.isDirectory()) files.push(...(await filesUnder(rootDir, child)));
    else if (entry.isFile()) files.push(child);
  }
  return files;
}
