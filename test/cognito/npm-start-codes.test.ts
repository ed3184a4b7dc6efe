/**
 * `npm start` as a developer runs it: the user pool's endpoint is printed, and a code the pool
 * issues appears on the console, where it confirms the sign-up (no e-mail is sent).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient, ConfirmSignUpCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnStack, type StackProcess } from '../support/stack-process.js';

const PASSWORD = 'Pr1nted-code!';
let dataDir: string;
let stack: StackProcess;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'blobs-cognito-start-'));
  stack = await spawnStack({ dataDir, timeoutMs: 120_000 });
});

afterAll(async () => {
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Polls the console output until `pattern` appears (the process prints asynchronously). */
async function printed(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(stack.output());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`not printed: ${pattern}\n${stack.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('prints the user pool and each verification code, which confirms the sign-up', async () => {
  const endpoint = stack.outputs.custom!.user_pool_endpoint!;
  const { user_pool_id: poolId, user_pool_client_id: clientId } = stack.outputs.auth!;
  await printed(new RegExp(`User pool\\s+${endpoint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+\\(${poolId}, client ${clientId}`));

  const cognito = new CognitoIdentityProviderClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'none', secretAccessKey: 'none' } });
  await cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'printed@example.com', Password: PASSWORD }));
  const [, code] = await printed(/Verification code for printed@example\.com \(sign-up\): (\d{6})/);
  await cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'printed@example.com', ConfirmationCode: code }));
  expect(stack.output()).not.toContain(PASSWORD);
});
