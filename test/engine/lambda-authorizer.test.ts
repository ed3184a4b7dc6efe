/**
 * The engine's Lambda authorizer cache on its own clock: an answer lives for the API's TTL or the
 * function's ttlOverride (capped at AppSync's hour), then the function is asked again.
 */
import { expect, it } from 'vitest';
import { createLambdaAuthorizer, LambdaRefused } from '../../local/appsync/server/auth/lambda.js';

const api = { apiId: 'local', accountId: '123456789012', region: 'us-east-1' };
const request = { queryString: '{ x }', operationName: null, variables: {}, headers: {} };

function counting(answer: Record<string, unknown>) {
  let calls = 0;
  return { handler: async () => (calls++, answer), calls: () => calls };
}

it('keeps an answer for resultTtlSeconds, then asks again', async () => {
  const fn = counting({ isAuthorized: true, resolverContext: { a: '1' } });
  const authorizer = createLambdaAuthorizer({ handler: fn.handler, resultTtlSeconds: 60 }, api);
  const t0 = 1_000_000;
  expect(await authorizer.authorize('t', request, t0)).toEqual({ resolverContext: { a: '1' }, deniedFields: new Set() });
  await authorizer.authorize('t', request, t0 + 59_999);
  expect(fn.calls()).toBe(1);
  await authorizer.authorize('t', request, t0 + 60_000);
  expect(fn.calls()).toBe(2);
});

it('takes ttlOverride over the API’s TTL, capped at 3600 s', async () => {
  const short = counting({ isAuthorized: true, ttlOverride: 5 });
  const a = createLambdaAuthorizer({ handler: short.handler, resultTtlSeconds: 300 }, api);
  await a.authorize('t', request, 0);
  await a.authorize('t', request, 4_999);
  await a.authorize('t', request, 5_000);
  expect(short.calls()).toBe(2);

  const long = counting({ isAuthorized: true, ttlOverride: 86_400 });
  const b = createLambdaAuthorizer({ handler: long.handler }, api);
  await b.authorize('t', request, 0);
  await b.authorize('t', request, 3_599_999);
  await b.authorize('t', request, 3_600_000);
  expect(long.calls()).toBe(2);
});

it('defaults to AppSync’s 300 s, and 0 caches nothing', async () => {
  const fn = counting({ isAuthorized: true });
  const a = createLambdaAuthorizer({ handler: fn.handler }, api);
  await a.authorize('t', request, 0);
  await a.authorize('t', request, 299_999);
  await a.authorize('t', request, 300_000);
  expect(fn.calls()).toBe(2);
  const none = counting({ isAuthorized: true });
  const b = createLambdaAuthorizer({ handler: none.handler, resultTtlSeconds: 0 }, api);
  await b.authorize('t', request, 0);
  await b.authorize('t', request, 0);
  expect(none.calls()).toBe(2);
});

it('keeps a refusal for its TTL too', async () => {
  const fn = counting({ isAuthorized: false, ttlOverride: 10 });
  const a = createLambdaAuthorizer({ handler: fn.handler }, api);
  await expect(a.authorize('t', request, 0)).rejects.toBeInstanceOf(LambdaRefused);
  await expect(a.authorize('t', request, 9_999)).rejects.toBeInstanceOf(LambdaRefused);
  expect(fn.calls()).toBe(1);
});

it('matches identityValidationExpression against the whole token', async () => {
  const fn = counting({ isAuthorized: true });
  const a = createLambdaAuthorizer({ handler: fn.handler, identityValidationExpression: 'tok_[0-9]+' }, api);
  await expect(a.authorize('xtok_1', request)).rejects.toThrow(/identityValidationExpression/);
  await expect(a.authorize('tok_1x', request)).rejects.toThrow(/identityValidationExpression/);
  await a.authorize('tok_1', request);
  expect(fn.calls()).toBe(1);
});
