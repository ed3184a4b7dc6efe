/**
 * The engine's Lambda authorizer on its own clock: an answer lives for the API's TTL or the
 * function's ttlOverride (capped at AppSync's hour), then the function is asked again; the token
 * checks, what counts as an answer, deniedFields, each refusal's reason and the cache's size.
 * Written to kill every Stryker mutant of lambda.ts (docs/mutation-testing.md).
 */
import { expect, it, vi } from 'vitest';
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

const refused = (message: string) => new LambdaRefused(message);

it('refuses a token over 2048 characters before calling the function, and takes one of exactly 2048', async () => {
  const fn = counting({ isAuthorized: true });
  const a = createLambdaAuthorizer({ handler: fn.handler }, api);
  await expect(a.authorize('x'.repeat(2049), request)).rejects.toThrow(refused('the token is longer than 2048 characters'));
  expect(fn.calls()).toBe(0);
  await a.authorize('x'.repeat(2048), request);
  expect(fn.calls()).toBe(1);
});

it('says whether a refusal was the function’s answer or the cache’s', async () => {
  const a = createLambdaAuthorizer({ handler: counting({ isAuthorized: false }).handler }, api);
  await expect(a.authorize('t', request, 0)).rejects.toThrow(refused('the authorizer answered isAuthorized: false'));
  await expect(a.authorize('t', request, 1)).rejects.toThrow(refused('the authorizer answered isAuthorized: false (cached)'));
});

it('refuses an answer that is not an object with isAuthorized: true, and caches it for the API’s TTL', async () => {
  for (const answer of [null, undefined, 'yes', { isAuthorized: 'true' }]) {
    const a = createLambdaAuthorizer({ handler: async () => answer }, api);
    await expect(a.authorize('t', request)).rejects.toThrow(refused('the authorizer answered isAuthorized: false'));
  }
  // An in-process function can answer a function carrying the fields; it is not an answer object,
  // so neither isAuthorized nor ttlOverride is read from it.
  let calls = 0;
  const notAnObject = Object.assign(() => undefined, { isAuthorized: true, ttlOverride: 0 });
  const a = createLambdaAuthorizer({ handler: async () => (calls++, notAnObject) }, api);
  await expect(a.authorize('t', request, 0)).rejects.toThrow(refused('the authorizer answered isAuthorized: false'));
  await expect(a.authorize('t', request, 1)).rejects.toThrow(refused('the authorizer answered isAuthorized: false (cached)'));
  expect(calls).toBe(1);
});

it('gives an empty resolverContext when the answer has none or a non-object one', async () => {
  for (const resolverContext of [undefined, 'abc']) {
    const a = createLambdaAuthorizer({ handler: async () => ({ isAuthorized: true, resolverContext }) }, api);
    expect(await a.authorize('t', request)).toEqual({ resolverContext: {}, deniedFields: new Set() });
  }
});

it('keeps the API’s TTL when ttlOverride is negative or not a number', async () => {
  for (const ttlOverride of [-1, '5']) {
    const fn = counting({ isAuthorized: true, ttlOverride });
    const a = createLambdaAuthorizer({ handler: fn.handler, resultTtlSeconds: 60 }, api);
    await a.authorize('t', request, 0);
    await a.authorize('t', request, 59_999);
    expect(fn.calls()).toBe(1);
    await a.authorize('t', request, 60_000);
    expect(fn.calls()).toBe(2);
  }
});

it('reads deniedFields as Type.field or this API’s field ARNs, ignoring anything else', async () => {
  const own = `arn:aws:appsync:us-east-1:123456789012:apis/${api.apiId}/types`;
  const deniedFields = [
    'Query.plain',
    `${own}/Query/fields/secret`,
    `${own}/Mutation`, // a type ARN names no field
    'arn:aws:appsync:us-east-1:123456789012:apis/another-api/types/Query/fields/other',
    `arn:aws:appsync:eu-west-1:123456789012:apis/${api.apiId}/types/Query/fields/region`,
    42,
  ];
  const a = createLambdaAuthorizer({ handler: async () => ({ isAuthorized: true, deniedFields }) }, api);
  expect((await a.authorize('t', request)).deniedFields).toEqual(new Set(['Query.plain', 'Query.secret']));
});

it('refuses when the function fails, saying why, and asks again next time', async () => {
  const failures: unknown[] = [new Error('boom'), 'a string', null];
  let calls = 0;
  const a = createLambdaAuthorizer({ handler: async () => Promise.reject(failures[calls++]) }, api);
  await expect(a.authorize('t', request)).rejects.toThrow(refused('the authorizer failed: boom'));
  await expect(a.authorize('t', request)).rejects.toThrow(refused('the authorizer failed: a string'));
  await expect(a.authorize('t', request)).rejects.toThrow(refused('the authorizer failed: null'));
  expect(calls).toBe(3);
});

it('refuses a function that does not answer within timeoutMs, and leaves no timer behind an answer', async () => {
  const silent = createLambdaAuthorizer({ handler: () => new Promise(() => undefined), timeoutMs: 20 }, api);
  await expect(silent.authorize('t', request)).rejects.toThrow(refused('the authorizer did not answer within 20 ms'));
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    const a = createLambdaAuthorizer({ handler: async () => ({ isAuthorized: true }) }, api);
    await a.authorize('t', request);
    expect(vi.getTimerCount()).toBe(0);
  } finally {
    vi.useRealTimers();
  }
});

it('remembers 10,000 tokens and forgets the oldest first; an answer with TTL 0 takes no place', async () => {
  const asked = new Map<string, number>();
  const a = createLambdaAuthorizer(
    {
      handler: async ({ authorizationToken: t }) => {
        asked.set(t, (asked.get(t) ?? 0) + 1);
        return { isAuthorized: true, ttlOverride: t === 'uncached' ? 0 : undefined };
      },
    },
    api,
  );
  for (let i = 0; i < 9_999; i++) await a.authorize(`t${i}`, request, 0);
  await a.authorize('uncached', request, 0);
  await a.authorize('t9999', request, 0); // the 10,000th remembered: nothing forgotten yet
  await a.authorize('t0', request, 1);
  expect(asked.get('t0')).toBe(1);
  await a.authorize('t10000', request, 1); // the 10,001st: t0, the oldest, is forgotten
  await a.authorize('t1', request, 1);
  expect(asked.get('t1')).toBe(1);
  await a.authorize('t0', request, 1);
  expect(asked.get('t0')).toBe(2);
});
