/**
 * The `Logins` map of an identity-pool call, checked: each entry's key must be one of the pool's
 * providers (`cognito-idp.<region>.amazonaws.com/<userPoolId>`) and its value a valid ID token
 * of that user pool and app client (signature against the pool's JWKS, issuer, audience, expiry,
 * `token_use: id`). What a login proves is the provider and the user's `sub`.
 */
import { createLocalJWKSet, errors, jwtVerify, type JWK } from 'jose';
import { IdentityError } from './errors.js';

export interface LoginProvider {
  /** The provider's name (`cognito-idp.<region>.amazonaws.com/<userPoolId>`): a Logins key, and how identities are keyed. */
  providerName: string;
  /**
   * Other Logins keys naming the same provider. Amplify keys a login by the token's issuer
   * without its scheme, which on AWS is the name above and locally the pool's own endpoint.
   */
  aliases?: readonly string[];
  clientId: string;
  issuer: string;
  jwks: { keys: JWK[] };
}

export interface VerifiedLogin {
  providerName: string;
  sub: string;
  /** How the identity store keys it. */
  key: string;
}

const invalidToken = (why: string) => new IdentityError('NotAuthorizedException', `Invalid login token. ${why}`);

export function loginVerifier(providers: readonly LoginProvider[], now: () => number) {
  const keySets = new Map(
    providers.flatMap((provider) => {
      const entry = { provider, keys: createLocalJWKSet(provider.jwks) };
      return [provider.providerName, ...(provider.aliases ?? [])].map((name) => [name, entry] as const);
    }),
  );

  async function verify(name: string, token: string): Promise<VerifiedLogin> {
    const known = keySets.get(name);
    if (!known) throw new IdentityError('NotAuthorizedException', 'Token is not from a supported provider of this identity pool.');
    let payload;
    try {
      ({ payload } = await jwtVerify(token, known.keys, { algorithms: ['RS256'], currentDate: new Date(now()), clockTolerance: 0 }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw invalidToken('Token expired.');
      throw invalidToken("Couldn't verify signed token.");
    }
    if (payload.iss !== known.provider.issuer) throw invalidToken("Issuer doesn't match providerName");
    if (payload.aud !== known.provider.clientId) throw invalidToken('Audience mismatch.');
    // An access token carries no audience: only ID tokens are logins, as on AWS.
    if (payload.token_use !== 'id' || typeof payload.sub !== 'string') throw invalidToken('Not an ID token.');
    const { providerName } = known.provider;
    return { providerName, sub: payload.sub, key: `${providerName} ${payload.sub}` };
  }

  /** Every login of the map, verified; any invalid one refuses the call, as Cognito does. */
  return async function verifyLogins(logins: Record<string, string>): Promise<VerifiedLogin[]> {
    const entries = Object.entries(logins);
    if (entries.length > 10) throw new IdentityError('InvalidParameterException', 'Logins may hold at most 10 providers');
    return Promise.all(entries.map(([name, token]) => verify(name, token)));
  };
}
