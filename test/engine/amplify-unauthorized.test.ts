/**
 * What a user of the unmodified aws-amplify client sees for a wrong API key: over HTTP (a query)
 * and over the realtime socket (a subscription), the error names Unauthorized, as against AppSync
 * (which sends `x-amzn-ErrorType: UnauthorizedException`; without it Amplify says "Unknown error").
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configureAmplify } from '../support/amplify-client.js';
import { startTestStack } from '../support/local-stack.js';
import { BLOB, ON_BLOB_LABELLED } from '../support/operations.js';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.close());

const withWrongKey = () => ({ ...stack, outputs: { ...stack.outputs, data: { ...stack.outputs.data, api_key: 'da2-thisisnotthekey000000000000000' } } });

it('HTTP: a query with a wrong API key is refused as Unauthorized, with AppSync’s header and body', async () => {
  // On the wire, as AppSync answers: 401, the type in x-amzn-ErrorType, and a body of type and message.
  const raw = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'da2-wrong' }, body: JSON.stringify({ query: '{ blob(id: "x") { id } }' }) });
  expect(raw.status).toBe(401);
  expect(raw.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
  expect(await raw.json()).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] });

  // What an app sees: Amplify names the refusal from the header ("Unknown error" without it).
  const client = configureAmplify(withWrongKey(), 'apiKey');
  const error = (await (client.graphql({ query: BLOB, variables: { id: 'x' } }) as Promise<unknown>).then(
    () => undefined,
    (e: unknown) => e,
  )) as { errors: Array<{ message: string; originalError?: { name: string } }> };
  expect(error.errors).toHaveLength(1);
  expect(error.errors[0].message).toBe('Unauthorized');
  expect(error.errors[0].originalError?.name).toBe('UnauthorizedException');
});

it('every other refusal at the HTTP level carries its type in x-amzn-ErrorType too', async () => {
  const post = (body: string, headers: Record<string, string> = {}) => fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey, ...headers }, body });
  const cases = [
    { res: await post('{not json'), status: 400, errorType: 'MalformedHttpRequestException' },
    { res: await post('[]'), status: 400, errorType: 'MalformedHttpRequestException' },
    { res: await post(JSON.stringify({ query: 'x'.repeat(1_100_000) })), status: 413, errorType: 'BadRequestException' },
    { res: await fetch(stack.graphqlUrl), status: 405, errorType: 'BadRequestException' },
    { res: await post('{}', { 'x-api-key': '' }), status: 401, errorType: 'UnauthorizedException' },
  ];
  for (const { res, status, errorType } of cases) {
    expect(res.status).toBe(status);
    expect(res.headers.get('x-amzn-errortype')).toBe(errorType);
    expect(await res.json()).toEqual({ errors: [{ errorType, message: expect.any(String) }] });
  }
});

it('realtime: a subscription with a wrong API key fails, naming Unauthorized', async () => {
  const client = configureAmplify(withWrongKey(), 'apiKey');
  const error = await new Promise<unknown>((resolve) => {
    const observable = client.graphql({ query: ON_BLOB_LABELLED, variables: { id: 'x' } }) as unknown as { subscribe(o: object): { unsubscribe(): void } };
    const sub = observable.subscribe({
      next: () => resolve(new Error('an event arrived')),
      error: (e: unknown) => {
        sub?.unsubscribe();
        resolve(e);
      },
    });
  });
  // Refused at connection_init (UnauthorizedException, errorCode 401): not retried, reported at once.
  expect(error).toEqual({ errors: [{ message: 'Connection failed: UnauthorizedException' }] });
});
