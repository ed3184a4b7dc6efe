/**
 * Runs a page's runnable shell blocks as a reader would: one bash session, in order, from a
 * project folder holding amplify_outputs.json, so each block sees what the blocks before it set.
 * A block fails when it exits non-zero, when what it prints holds GraphQL `errors`, or when it
 * does not print its `expect=` text; the failure names the block's page and line.
 */
import { runProcess } from '../support/processes.js';
import type { CodeBlock } from './markdown-blocks.js';

export interface BlockFailure {
  where: string;
  reason: string;
  output: string;
}

const MARK = '@@docs-block ';

/** The session's script: each block announced on both streams, so output can be told apart. */
export function sessionScript(blocks: CodeBlock[]): string {
  return ['set -eo pipefail', ...blocks.flatMap((b, i) => [`echo '${MARK}${i}'; echo '${MARK}${i}' >&2`, b.code])].join('\n');
}

/** Splits a stream at the markers: index → what that block printed. */
function perBlock(stream: string): Map<number, string> {
  const parts = new Map<number, string>();
  let current = -1;
  for (const line of stream.split('\n')) {
    if (line.startsWith(MARK)) current = Number(line.slice(MARK.length));
    else parts.set(current, `${parts.get(current) ?? ''}${line}\n`);
  }
  return parts;
}

export async function runBlocks(blocks: CodeBlock[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<BlockFailure[]> {
  const { code, stdout, stderr } = await runProcess('bash', ['-c', sessionScript(blocks)], { cwd: options.cwd, env: options.env, timeoutMs: options.timeoutMs });
  const out = perBlock(stdout);
  const err = perBlock(stderr);
  const reached = Math.max(-1, ...out.keys());
  const failures: BlockFailure[] = [];
  for (let i = 0; i <= reached; i++) {
    const block = blocks[i];
    const output = `${out.get(i) ?? ''}${err.get(i) ?? ''}`;
    const expected = block.tags.find((t) => t.startsWith('expect='))?.slice('expect='.length);
    if (i === reached && code !== 0) failures.push({ where: block.where, reason: `exited ${code}`, output });
    else if (/"errors"\s*:/.test(out.get(i) ?? '')) failures.push({ where: block.where, reason: 'printed GraphQL errors', output });
    else if (expected && !(out.get(i) ?? '').includes(expected)) failures.push({ where: block.where, reason: `did not print ${expected}`, output });
  }
  if (reached < blocks.length - 1 && code === 0) failures.push({ where: blocks[reached + 1].where, reason: 'never ran', output: stdout + stderr });
  return failures;
}
