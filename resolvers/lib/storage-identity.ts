// Who an identity-pool caller is, from what AppSync vouches for in an IAM request's ctx.identity:
// the identity id, and the user-pool sub in cognitoIdentityAuthProvider, which AWS writes as
//   "cognito-idp.<region>.amazonaws.com/<poolId>","cognito-idp.<region>.amazonaws.com/<poolId>:CognitoSignIn:<sub>"
// (quoted, comma-separated; read without the quotes too). Guests, plain IAM callers and
// identities signed in with another kind of login have no user here: null.
import type { Context } from '@aws-appsync/utils';

const SIGN_IN = ':CognitoSignIn:';

export function storageIdentityOf(ctx: Context): { identityId: string; sub: string } | null {
  const identity = ctx.identity as { cognitoIdentityId?: unknown; cognitoIdentityAuthType?: unknown; cognitoIdentityAuthProvider?: unknown } | null | undefined;
  if (!identity || identity.cognitoIdentityAuthType !== 'authenticated') {
    return null;
  }
  const identityId = identity.cognitoIdentityId;
  const provider = identity.cognitoIdentityAuthProvider;
  if (typeof identityId !== 'string' || identityId.length === 0 || typeof provider !== 'string') {
    return null;
  }
  const parts = provider.split(SIGN_IN);
  if (parts.length !== 2) {
    return null;
  }
  const sub = parts[1].split('"').join('');
  if (sub.length === 0 || sub.indexOf(',') >= 0) {
    return null;
  }
  return { identityId, sub };
}
