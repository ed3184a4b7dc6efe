/**
 * Builds the CDK app: reads settings from context, bundles the resolver code (async), then
 * constructs the stack and registers cdk-nag. Used by `infra/app.ts` (the CLI entry) and by
 * the infra tests, so both synthesize the same thing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import * as wiring from '../api/wiring.js';
import type { FunctionCalls } from '../rehearse/contracts/analyse.js';
import { BlobsStack } from './blobs-stack.js';
import { applyAwsSolutionsChecks, applyRehearsalChecks } from './nag.js';
import { bundleResolverCode, type ResolverCode } from './resolver-code.js';
import { settingsFromContext, type BlobStackSettings } from './settings.js';

export const ROOT_DIR = fileURLToPath(new URL('..', import.meta.url));

/** cdk.json's context (feature flags, defaults), also applied when the app runs outside the CLI. */
function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(ROOT_DIR, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export interface BuildAppOptions {
  /** Extra context, as `-c key=value` would give it. */
  readonly context?: Record<string, unknown>;
  readonly outdir?: string;
  /** Register cdk-nag's AwsSolutions checks (default true: synth fails on unacknowledged findings). */
  readonly nag?: boolean;
  /** Register the deploy rehearsal's rules (default true: synth fails on a finding, as `npm run rehearse` would). */
  readonly rehearse?: boolean;
  /** Each function's AWS calls (rehearse/contracts/): given, the rehearsal also judges each function's IAM contract. */
  readonly functionCalls?: readonly FunctionCalls[];
}

export interface BuiltApp {
  readonly app: App;
  readonly stack: BlobsStack;
  readonly settings: BlobStackSettings;
  readonly resolverCode: ResolverCode;
}

export async function buildApp(options: BuildAppOptions = {}): Promise<BuiltApp> {
  const app = new App({ context: { ...cdkJsonContext(), ...options.context }, outdir: options.outdir });
  const settings = settingsFromContext((key) => app.node.tryGetContext(key));
  const resolverCode = await bundleResolverCode(wiring.resolvers, ROOT_DIR);
  const stack = new BlobsStack(app, settings.stackName, { rootDir: ROOT_DIR, settings, resolverCode });
  if (options.nag !== false) applyAwsSolutionsChecks(app);
  if (options.rehearse !== false) applyRehearsalChecks(app, options.functionCalls);
  return { app, stack, settings, resolverCode };
}
