/**
 * BLOBS_TOKEN: the CLI acts as a personal access token's user without `blobs login` (a child
 * process against the real local stack, no session file), and a revoked token is refused.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack } from '../support/local-stack.js';
import { CREATE_BLOB } from '../support/operations.js';
import { repoRoot } from '../support/paths.js';
import { signedInUsers } from '../support/signed-in-users.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
let stack: Stack;
let workDir: string;
beforeAll(async () => {
  stack = await startTestStack();
  workDir = await mkdtemp(join(tmpdir(), 'blobs-cli-token-'));
  await writeFile(join(workDir, 'amplify_outputs.json'), JSON.stringify(stack.outputs));
});
afterAll(async () => {
  await stack?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** The CLI with BLOBS_TOKEN set and an empty config directory (nobody logged in). */
function blobs(token: string, args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const env = { ...process.env, BLOBS_TOKEN: token, BLOBS_CONFIG_DIR: join(workDir, 'config'), BLOBS_CA_CERT: stack.certPath };
    const child = spawn(process.execPath, [join(repoRoot, 'cli/bin.js'), ...args], { cwd: workDir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end();
  });
}

it('lists the token user’s images with BLOBS_TOKEN, and is refused at once when it is revoked', async () => {
  const people = await signedInUsers(stack, ['A'] as const);
  const { createAccessToken } = await people.call<{ createAccessToken: { id: string; token: string } }>('A', 'mutation { createAccessToken(name: "cli") { id token } }');
  const { createBlob } = await people.call<{ createBlob: { id: string } }>('A', CREATE_BLOB, { input: {} });

  const listed = await blobs(createAccessToken.token, ['list', '--json']);
  expect(listed.code, listed.stderr).toBe(0);
  expect((JSON.parse(listed.stdout) as { items: Array<{ id: string }> }).items.map((i) => i.id)).toContain(createBlob.id);

  await people.call('A', 'mutation Revoke($id: ID!) { revokeAccessToken(id: $id) }', { id: createAccessToken.id });
  const refused = await blobs(createAccessToken.token, ['delete', createBlob.id]);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toMatch(/^blobs: .*(unauthori[sz]ed|not authori[sz]ed)/im);
  expect(await people.call('A', 'query B($id: ID!) { blob(id: $id) { id } }', { id: createBlob.id })).toEqual({ blob: { id: createBlob.id } });
});
