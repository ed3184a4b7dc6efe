/**
 * `blobs login`, `list`, `delete`, `logout` as a user runs them: child processes against the real
 * local stack and its user pool, the session kept in a config directory of the test's own.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Blob } from '../../api/generated/graphql.js';
import type { FileOutcome } from '../../cli/run-files.js';
import { startTestStack } from '../support/local-stack.js';
import { image, repoRoot } from '../support/paths.js';
import { runProcess } from '../support/processes.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
let stack: Stack;
let workDir: string;
const PASSWORD = 'Correct-Horse-9';
const alice = `alice-${process.pid}@example.com`;
const bob = `bob-${process.pid}@example.com`;

beforeAll(async () => {
  stack = await startTestStack();
  workDir = await mkdtemp(join(tmpdir(), 'blobs-cli-account-'));
  await writeFile(join(workDir, 'amplify_outputs.json'), JSON.stringify(stack.outputs));
  // Users made as an administrator would, through the pool's signed admin calls.
  const admin = new CognitoIdentityProviderClient({ endpoint: stack.userPool.endpoint, region: stack.region, credentials: stack.credentials });
  for (const email of [alice, bob]) {
    await admin.send(new AdminCreateUserCommand({ UserPoolId: stack.userPool.userPoolId, Username: email, UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }], MessageAction: 'SUPPRESS' }));
    await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: stack.userPool.userPoolId, Username: email, Password: PASSWORD, Permanent: true }));
  }
  admin.destroy();
});
afterAll(async () => {
  await stack?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const bin = join(repoRoot, 'cli/bin.js');
const configOf = (user: string) => join(workDir, `config-${user.split('-')[0]}`);

/** Runs the CLI as `user` (its own config directory), with `input` on stdin; resolves whatever the exit code. */
async function blobs(user: string, args: string[], input = '') {
  const { code, stdout, stderr } = await runProcess(process.execPath, [bin, ...args], { cwd: workDir, env: { ...process.env, BLOBS_CONFIG_DIR: configOf(user), BLOBS_CA_CERT: stack.certPath }, input });
  return { code: code ?? 1, stdout, stderr };
}
const login = (user: string, password = PASSWORD) => blobs(user, ['login', '--email', user, '--password-stdin'], `${password}\n`);

/** The id token `blobs login` stored, to call the API as that user from the test. */
async function storedIdToken(user: string): Promise<string> {
  const items = JSON.parse(await readFile(join(configOf(user), 'session.json'), 'utf8')) as Record<string, string>;
  return Object.entries(items).find(([key]) => key.endsWith('.idToken'))![1];
}
async function createBlobAs(token: string): Promise<string> {
  const response = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ query: 'mutation { createBlob(input: {}) { id } }' }) });
  const body = (await response.json()) as { data?: { createBlob: { id: string } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data!.createBlob.id;
}

/** The session with both tokens saying they expired a minute ago: Amplify reads `exp` and must refresh (the API would refuse them). */
function withExpiredTokens(items: Record<string, string>): Record<string, string> {
  const expired = (jwt: string) => {
    const [header, payload, signature] = jwt.split('.');
    const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), exp: Math.floor(Date.now() / 1000) - 60 };
    return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
  };
  return Object.fromEntries(Object.entries(items).map(([key, value]) => [key, key.endsWith('.idToken') || key.endsWith('.accessToken') ? expired(value) : value]));
}

describe('blobs login / list / delete / logout', () => {
  it('refuses a wrong password in Cognito’s words and keeps nothing', async () => {
    const { code, stdout, stderr } = await login(alice, 'Wrong-Password-1');
    expect(code).toBe(1);
    expect(stderr).toBe('blobs: Incorrect username or password.\n');
    expect(stdout).toBe('');
    await expect(stat(join(configOf(alice), 'session.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('asks for --password-stdin when there is no terminal to ask on', async () => {
    const { code, stderr } = await blobs(alice, ['login', '--email', alice]);
    expect(code).toBe(2);
    expect(stderr).toBe('blobs: no terminal to ask for the password on: pipe it in with --password-stdin\n');
  });

  it('list and delete need a login first', async () => {
    const list = await blobs(alice, ['list']);
    expect(list.code).toBe(2);
    expect(list.stderr).toBe('blobs: not signed in: run `blobs login` first\n');
    const del = await blobs(alice, ['delete', 'some-id']);
    expect(del.code).toBe(2);
  });

  it('logs in by SRP and keeps the tokens in a 0600 file, never the password', async () => {
    const { code, stdout, stderr } = await login(alice);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe(`Signed in as ${alice}. Tokens kept in ${join(configOf(alice), 'session.json')}\n`);
    const file = join(configOf(alice), 'session.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(configOf(alice))).mode & 0o777).toBe(0o700);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(text).toMatch(/\.refreshToken"/);
  });

  it('refreshes expired tokens through the pool and keeps the new ones in the session file', async () => {
    const file = join(configOf(alice), 'session.json');
    const items = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    await writeFile(file, JSON.stringify(withExpiredTokens(items)), { mode: 0o600 });

    const { code, stderr } = await blobs(alice, ['list', '--json']);
    expect(code, stderr).toBe(0);
    const idToken = await storedIdToken(alice);
    const exp = (JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString('utf8')) as { exp: number }).exp;
    expect(exp).toBeGreaterThan(Date.now() / 1000);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('labels as the signed-in user, lists newest first in pages without duplicates, deletes (0, then 1), and another user can touch none of it', async () => {
    const labelled = await blobs(alice, ['label', '--json', image('horse.png')]);
    expect(labelled.code, labelled.stderr).toBe(0);
    const [outcome] = JSON.parse(labelled.stdout) as FileOutcome[];
    const labelledId = outcome.blobId!;

    const token = await storedIdToken(alice);
    const made = [];
    for (let i = 0; i < 4; i++) made.push(await createBlobAs(token));
    const newestFirst = [...made].reverse().concat(labelledId);

    // Pages of two, following --next-token, with the table's hint on stderr.
    const first = await blobs(alice, ['list', '--limit', '2', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const page1 = JSON.parse(first.stdout) as { items: Blob[]; nextToken: string | null };
    expect(page1.items.map((b) => b.id)).toEqual(newestFirst.slice(0, 2));
    expect(page1.nextToken).toEqual(expect.any(String));
    const second = JSON.parse((await blobs(alice, ['list', '--limit', '2', '--json', '--next-token', page1.nextToken!])).stdout) as typeof page1;
    expect(second.items.map((b) => b.id)).toEqual(newestFirst.slice(2, 4));

    const all = await blobs(alice, ['list', '--all', '--limit', '2', '--json']);
    const everything = JSON.parse(all.stdout) as typeof page1;
    expect(everything.items.map((b) => b.id)).toEqual(newestFirst);
    expect(everything.nextToken).toBeNull();
    const horse = everything.items.find((b) => b.id === labelledId)!;
    expect(horse.status).toBe('LABELLED');
    expect(horse.owner).toMatch(/\w/); // created with the user-pool token, so owned
    expect(horse.imageUrl).toMatch(/^http/);

    const table = await blobs(alice, ['list', '--limit', '3']);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID +CREATED +STATUS +LABELS \/ ERROR$/);
    expect(table.stdout).toContain(made[3]);
    expect(table.stderr).toMatch(/^More: blobs list --next-token '.+'\n$/);

    // Bob signs in, sees none of it, and cannot delete Alice's image.
    expect((await login(bob)).code).toBe(0);
    expect(JSON.parse((await blobs(bob, ['list', '--json'])).stdout)).toEqual({ items: [], nextToken: null });
    const foreign = await blobs(bob, ['delete', labelledId]);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toBe(`blobs: no image ${labelledId} of yours (already deleted, or never yours)\n`);

    const deleted = await blobs(alice, ['delete', labelledId]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toBe(`Deleted ${labelledId}.\n`);
    expect((await blobs(alice, ['delete', labelledId])).code).toBe(1);
    const after = JSON.parse((await blobs(alice, ['list', '--all', '--json'])).stdout) as typeof page1;
    expect(after.items.map((b) => b.id)).toEqual(newestFirst.slice(0, 4));
    expect((await fetch(horse.imageUrl!)).status).toBe(404);
  }, 240_000); // some twenty CLI runs, each a Node start: generous for a busy machine

  it('refuses a limit over 100 before asking the API', async () => {
    const { code, stderr } = await blobs(alice, ['list', '--limit', '101']);
    expect(code).toBe(2);
    expect(stderr).toContain('--limit');
  });

  it('logs out everywhere: the session file goes, a copy of it can no longer refresh, and the commands ask for a login again', async () => {
    const file = join(configOf(alice), 'session.json');
    const copy = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    const { code, stdout } = await blobs(alice, ['logout']);
    expect(code).toBe(0);
    expect(stdout).toBe(`Signed out ${alice}.\n`);
    await expect(stat(join(configOf(alice), 'session.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await blobs(alice, ['list'])).code).toBe(2);
    expect((await blobs(alice, ['logout'])).stdout).toBe('Not signed in.\n');

    // The pool revoked the refresh token: a stolen copy of the file is no way back in.
    await writeFile(file, JSON.stringify(withExpiredTokens(copy)), { mode: 0o600 });
    const replay = await blobs(alice, ['list']);
    expect(replay.code).toBe(2);
    expect(replay.stderr).toBe('blobs: not signed in: run `blobs login` first\n');
  });
});
