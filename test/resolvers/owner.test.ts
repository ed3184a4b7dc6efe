/**
 * The owner helpers every user-pool-scoped resolver relies on (resolvers/lib/owner.ts), on the
 * identities AppSync hands a resolver: user pool (with `sub`), IAM (no `sub`), API key (none).
 * The resolvers themselves are tested through the engine (test/e2e/owner-scoping.test.ts).
 */
import type { Context } from '@aws-appsync/utils';
import { describe, expect, it } from 'vitest';
import { callerSub, maySee, signedInSub } from '../../resolvers/lib/owner.js';

const ctx = (identity: unknown) => ({ identity }) as unknown as Context;
const userA = ctx({ sub: 'sub-a', username: 'a', issuer: 'https://cognito-idp', claims: { sub: 'sub-a' }, sourceIp: [], defaultAuthStrategy: 'ALLOW', groups: null });
const iam = ctx({ accountId: '123456789012', userArn: 'arn:aws:iam::123456789012:user/x', username: 'AIDA', sourceIp: [] });
const apiKey = ctx(null);
/** An access-token caller (AWS_LAMBDA): the authorizer's resolverContext names the owner. */
const tokenOfA = ctx({ resolverContext: { sub: 'sub-a', tokenId: 't-1' } });

describe('callerSub', () => {
  it("is the user-pool caller's sub", () => {
    expect(callerSub(userA)).toBe('sub-a');
  });
  it('is null for API-key (no identity) and IAM (no sub) callers', () => {
    expect(callerSub(apiKey)).toBeNull();
    expect(callerSub(ctx(undefined))).toBeNull();
    expect(callerSub(iam)).toBeNull();
  });
  it("is the owner of an access token, from the authorizer's resolverContext", () => {
    expect(callerSub(tokenOfA)).toBe('sub-a');
    expect(callerSub(ctx({ resolverContext: {} }))).toBeNull();
    expect(callerSub(ctx({ resolverContext: { sub: '' } }))).toBeNull();
  });
  it('is null for an empty or non-string sub (never a wildcard owner)', () => {
    expect(callerSub(ctx({ sub: '' }))).toBeNull();
    expect(callerSub(ctx({ sub: 42 }))).toBeNull();
    expect(callerSub(ctx({ sub: ['sub-a'] }))).toBeNull();
  });
});

describe('signedInSub', () => {
  it('is the user-pool sub only, never an access token’s owner', () => {
    expect(signedInSub(userA)).toBe('sub-a');
    expect(signedInSub(tokenOfA)).toBeNull();
    expect(signedInSub(iam)).toBeNull();
  });
});

describe('maySee', () => {
  it('an access-token caller sees its owner’s blobs only', () => {
    expect(maySee(tokenOfA, { owner: 'sub-a' })).toBe(true);
    expect(maySee(tokenOfA, { owner: 'sub-b' })).toBe(false);
  });

  it('a user-pool caller sees its own blobs only', () => {
    expect(maySee(userA, { owner: 'sub-a' })).toBe(true);
    expect(maySee(userA, { owner: 'sub-b' })).toBe(false);
    expect(maySee(userA, { owner: null })).toBe(false);
    expect(maySee(userA, {})).toBe(false);
  });
  it('API-key and IAM callers see any blob, owned or not', () => {
    for (const caller of [apiKey, iam]) {
      expect(maySee(caller, { owner: 'sub-a' })).toBe(true);
      expect(maySee(caller, {})).toBe(true);
    }
  });
  it('nobody sees a blob that is not there', () => {
    for (const caller of [userA, apiKey, iam]) {
      expect(maySee(caller, null)).toBe(false);
      expect(maySee(caller, undefined)).toBe(false);
    }
  });
});
