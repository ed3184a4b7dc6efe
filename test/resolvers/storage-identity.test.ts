/**
 * Who an IAM caller is for linkStorageIdentity (resolvers/lib/storage-identity.ts), in process: the
 * identity id and the user-pool sub from AppSync's ctx.identity, as AWS writes it (quoted) and
 * without the quotes; nobody for guests, plain IAM keys and other kinds of login.
 */
import type { Context } from '@aws-appsync/utils';
import { describe, expect, it } from 'vitest';
import { storageIdentityOf } from '../../resolvers/lib/storage-identity.js';

const POOL = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI';
const SUB = '3f1c2b9e-8a7d-4c6e-9b0a-1d2e3f4a5b6c';
const ID = 'us-east-1:0b6c7e4e-1f0a-4c55-9a6e-7d1f2b3c4d5e';
const ctxOf = (identity: Record<string, unknown> | null) => ({ identity }) as unknown as Context;
const iam = (o: Record<string, unknown>) => ctxOf({ accountId: '000000000000', cognitoIdentityPoolId: 'us-east-1:pool', cognitoIdentityId: ID, cognitoIdentityAuthType: 'authenticated', sourceIp: ['127.0.0.1'], ...o });

describe('storageIdentityOf', () => {
  it("reads the identity id and the sub from cognitoIdentityAuthProvider, quoted as AWS writes it or not", () => {
    expect(storageIdentityOf(iam({ cognitoIdentityAuthProvider: `"${POOL}","${POOL}:CognitoSignIn:${SUB}"` }))).toEqual({ identityId: ID, sub: SUB });
    expect(storageIdentityOf(iam({ cognitoIdentityAuthProvider: `${POOL},${POOL}:CognitoSignIn:${SUB}` }))).toEqual({ identityId: ID, sub: SUB });
  });

  it('finds nobody for a guest, a plain IAM key, a user-pool caller, or a login that is not a user-pool sign-in', () => {
    expect(storageIdentityOf(iam({ cognitoIdentityAuthType: 'unauthenticated', cognitoIdentityAuthProvider: null }))).toBeNull();
    expect(storageIdentityOf(iam({ cognitoIdentityId: null, cognitoIdentityAuthType: null, cognitoIdentityAuthProvider: null }))).toBeNull();
    expect(storageIdentityOf(ctxOf({ sub: SUB, username: 'alice', claims: {} }))).toBeNull();
    expect(storageIdentityOf(ctxOf(null))).toBeNull();
    expect(storageIdentityOf(iam({ cognitoIdentityAuthProvider: 'graph.facebook.com' }))).toBeNull();
    expect(storageIdentityOf(iam({ cognitoIdentityAuthProvider: `"${POOL}","${POOL}:CognitoSignIn:"` }))).toBeNull();
    expect(storageIdentityOf(iam({ cognitoIdentityAuthProvider: `"${POOL}:CognitoSignIn:a","${POOL}:CognitoSignIn:b"` }))).toBeNull();
  });
});
