/**
 * `blobs token create|list|revoke` after `blobs login`, and BLOBS_TOKEN: the CLI acts as a
 * personal access token's user without `blobs login` (child processes against the real local
 * stack, no session file for the token runs), and a revoked token is refused.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack } from '../support/local-stack.js';
import { CREATE_BLOB } from '../support/operations.js';
import { repoRoot } from '../support/paths.js';
import { runProcess } from '../support/processes.js';
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

/** The CLI with BLOBS_TOKEN set and a config directory (`config`: nobody logged in). */
async function blobs(token: string, args: string[], o: { config?: string; input?: string } = {}) {
  const env = { ...process.env, BLOBS_TOKEN: token, BLOBS_CONFIG_DIR: join(workDir, o.config ?? 'config'), BLOBS_CA_CERT: stack.certPath };
  const { code, stdout, stderr } = await runProcess(process.execPath, [join(repoRoot, 'cli/bin.js'), ...args], { cwd: workDir, env, input: o.input ?? '' });
  return { code: code ?? 1, stdout, stderr };
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

it('creates, lists and revokes tokens for the logged-in user; BLOBS_TOKEN never manages tokens', async () => {
  const email = `token-cli-${process.pid}@example.com`;
  const password = 'Correct-Horse-9';
  const admin = new CognitoIdentityProviderClient({ endpoint: stack.userPool.endpoint, region: stack.region, credentials: stack.credentials });
  await admin.send(new AdminCreateUserCommand({ UserPoolId: stack.userPool.userPoolId, Username: email, UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }], MessageAction: 'SUPPRESS' }));
  await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: stack.userPool.userPoolId, Username: email, Password: password, Permanent: true }));
  admin.destroy();
  const asUser = { config: 'user-config' };
  expect((await blobs('', ['login', '--email', email, '--password-stdin'], { ...asUser, input: `${password}\n` })).code).toBe(0);

  const created = await blobs('', ['token', 'create', 'ci', '--days', '7', '--json'], asUser);
  expect(created.code, created.stderr).toBe(0);
  const made = JSON.parse(created.stdout) as { id: string; name: string; token: string };
  expect(made).toMatchObject({ name: 'ci', token: expect.stringMatching(/^blobs_pat_/) });

  // A stray BLOBS_TOKEN does not take over token management: the login session does it.
  const listed = await blobs('blobs_pat_not-a-real-one', ['token', 'list', '--json'], asUser);
  expect(listed.code, listed.stderr).toBe(0);
  expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: made.id, name: 'ci' })]);
  expect(listed.stdout).not.toContain(made.token);

  expect((await blobs(made.token, ['list', '--json'])).code).toBe(0);
  expect(await blobs('', ['token', 'revoke', made.id], asUser)).toMatchObject({ code: 0, stdout: `Revoked ${made.id}.\n` });
  expect((await blobs(made.token, ['list', '--json'])).code).not.toBe(0);
  expect((await blobs('', ['token', 'revoke', made.id], asUser)).code).toBe(1);
});
