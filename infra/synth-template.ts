/**
 * Synthesizes the stack's CloudFormation template without bundling anything, for the deploy
 * rehearsal (`npm run rehearse`) and the local runtime, which read policies and environment
 * from it. `aws:cdk:bundling-stacks: []` skips the Lambda bundles (esbuild): policies and
 * environment variables do not depend on them, and synthesis stays a few seconds.
 *
 *   tsx infra/synth-template.ts <out.json>
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { buildApp } from './build-app.js';

/**
 * `rehearse: false` leaves the rehearsal's plugin out: `npm run rehearse` synthesizes this way so
 * a finding is printed as its one line rather than thrown as a failed synth.
 */
export async function synthesizeTemplate(context: Record<string, unknown> = {}, options: { rehearse?: boolean } = {}): Promise<Record<string, unknown>> {
  const outdir = mkdtempSync(join(tmpdir(), 'blobs-synth-'));
  const { app, stack } = await buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...context }, outdir, rehearse: options.rehearse });
  return app.synth().getStackByName(stack.stackName).template as Record<string, unknown>;
}

const out = process.argv[2];
if (out && import.meta.url === `file://${process.argv[1]}`) {
  const template = await synthesizeTemplate();
  // Whole or not at all: a reader waiting for this file never sees half of it.
  await writeFileAtomic(out, `${JSON.stringify(template, null, 1)}\n`);
}
