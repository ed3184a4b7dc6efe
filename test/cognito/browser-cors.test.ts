/**
 * The user pool called from a page on the GraphQL origin in Debian's Chromium, as the web page
 * calls it through Amplify: the browser's CORS preflight passes for Cognito's JSON protocol, and
 * the page can read both answers and Cognito's error type header.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack } from '../support/local-stack.js';
import { launchChromium } from '../support/web-harness.js';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  stack = await startTestStack();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

it('lets a page on the GraphQL origin call the pool and read its answers and errors', async () => {
  const page = await browser.newPage();
  // Playwright's 30 s default is short for labelling on a busy machine.
  page.setDefaultTimeout(120_000);
  await page.goto(stack.graphqlUrl.replace(/\/graphql$/, '/health'));
  const call = (target: string, body: object) =>
    page.evaluate(
      async ({ endpoint, target, body }) => {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}`, 'x-amz-user-agent': 'aws-amplify/6 auth/1', 'cache-control': 'no-store' },
          body: JSON.stringify(body),
        });
        return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), body: await response.json() };
      },
      { endpoint: stack.userPool.endpoint, target, body },
    );

  const signedUp = await call('SignUp', { ClientId: stack.userPool.clientId, Username: 'browser@example.com', Password: 'Br0wser-pass!' });
  expect(signedUp).toMatchObject({ status: 200, body: { UserConfirmed: false, UserSub: expect.any(String) } });
  const refused = await call('InitiateAuth', { ClientId: stack.userPool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'browser@example.com', PASSWORD: 'Wr0ng-pass!' } });
  expect(refused).toEqual({ status: 400, errorType: 'NotAuthorizedException', body: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' } });
  await page.close();
});
