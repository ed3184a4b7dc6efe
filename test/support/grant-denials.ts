/**
 * A local stack running the synthesized template minus one grant, and the `IAM denied …` lines
 * it logs, for the tests that show what each grant is for (test/iam/). Other warnings still print.
 */
import { expect, vi } from 'vitest';
import { startTestStack } from './local-stack.js';
import { synthesizedTemplate, withoutGrant, writeTemplate } from './template-edit.js';

export async function stackWithoutGrant(owner: string, action: string) {
  const templateFile = await writeTemplate(withoutGrant(await synthesizedTemplate(), owner, action));
  const denials: string[] = [];
  const warn = console.warn.bind(console);
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    const line = args.map(String).join(' ');
    if (line.startsWith('IAM denied')) denials.push(line);
    else warn(...args);
  });
  const stack = await startTestStack({ templateFile });
  return { stack, denials };
}

/** The line npm start logs for each denial. */
export const deniedLine = (action: string, resource: string, role: string) =>
  expect.stringMatching(new RegExp(`^IAM denied ${action} on ${resource.replace(/[.*]/g, '\\$&')} to BlobsStack-${role}[0-9A-F]{8} \\(`));
