/**
 * A local stack running the synthesized template minus one grant, and the `IAM denied …` lines
 * it logs, for the tests that show what each grant is for (test/iam/). Other warnings still print.
 */
import { expect, vi } from 'vitest';
import { startTestStack } from './local-stack.js';
import { synthesizedTemplate, withoutGrant, writeTemplate } from './template-edit.js';

/**
 * `retryAfterSeconds` shortens the local notification lease, and with it the time a failed
 * upload message waits before it comes back, for the tests that wait for a retry's denial.
 */
export async function stackWithoutGrant(owner: string, action: string, o: { retryAfterSeconds?: number } = {}) {
  const templateFile = await writeTemplate(withoutGrant(await synthesizedTemplate(), owner, action));
  const denials: string[] = [];
  const warn = console.warn.bind(console);
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    const line = args.map(String).join(' ');
    if (line.startsWith('IAM denied')) denials.push(line);
    else warn(...args);
  });
  const stack = await startTestStack({ templateFile, ...(o.retryAfterSeconds && { notifyLeaseSeconds: Math.max(1, o.retryAfterSeconds - 5) }) });
  return { stack, denials };
}

/** The line npm start logs for each denial. */
export const deniedLine = (action: string, resource: string, role: string) =>
  expect.stringMatching(new RegExp(`^IAM denied ${action} on ${resource.replace(/[.*]/g, '\\$&')} to BlobsStack-${role}[0-9A-F]{8} \\(`));
