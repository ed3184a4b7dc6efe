/**
 * The local user pool enforces, and amplify_outputs.json advertises, the password policy of the
 * synthesized template: infra/constructs/user-pool.ts is its only declaration.
 */
import { CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, expect, it } from 'vitest';
import { startTestStack } from '../support/local-stack.js';
import { synthesizedTemplate, writeTemplate } from '../support/template-edit.js';

const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function signUpWith(stack: Awaited<ReturnType<typeof startTestStack>>, password: string): Promise<string> {
  const client = new CognitoIdentityProviderClient({ endpoint: stack.userPool.endpoint, region: stack.region, credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } });
  try {
    const username = `u${Math.random().toString(36).slice(2)}@example.com`;
    await client.send(new SignUpCommand({ ClientId: stack.userPool.clientId, Username: username, Password: password, UserAttributes: [{ Name: 'email', Value: username }] }));
    return 'accepted';
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  } finally {
    client.destroy();
  }
}

it("the template's policy: symbols required, so a password without one is refused with Cognito's wording", async () => {
  const stack = await startTestStack();
  open.push(stack);
  expect(stack.outputs.auth?.password_policy).toEqual({ min_length: 8, require_lowercase: true, require_uppercase: true, require_numbers: true, require_symbols: true });
  expect(await signUpWith(stack, 'Abcdefgh1')).toBe('InvalidPasswordException: Password did not conform with policy: Password must have symbol characters');
  expect(await signUpWith(stack, 'Abcdefgh1!')).toBe('accepted');
});

it('a template with another policy (12 characters, no symbols): the pool and the outputs follow it', async () => {
  const template = await synthesizedTemplate();
  const pool = Object.values(template.Resources).find((r) => r.Type === 'AWS::Cognito::UserPool')!;
  const policies = pool.Properties!.Policies as { PasswordPolicy: Record<string, unknown> };
  policies.PasswordPolicy = { ...policies.PasswordPolicy, MinimumLength: 12, RequireSymbols: false };
  const stack = await startTestStack({ templateFile: await writeTemplate(template) });
  open.push(stack);
  expect(stack.outputs.auth?.password_policy).toEqual({ min_length: 12, require_lowercase: true, require_uppercase: true, require_numbers: true, require_symbols: false });
  expect(await signUpWith(stack, 'Abcdefgh1!x')).toBe('InvalidPasswordException: Password did not conform with policy: Password not long enough');
  expect(await signUpWith(stack, 'Abcdefghijk12')).toBe('accepted');
});
