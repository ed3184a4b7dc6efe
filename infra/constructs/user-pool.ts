/**
 * Signed-in users: a Cognito user pool (sign-in by e-mail, self sign-up with e-mail
 * verification) and the one public app client the web page, the CLI and Amplify apps use.
 * The password policy is the one the local stand-in enforces and amplify_outputs.json
 * advertises, so a password accepted offline is accepted on AWS.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.js';

export interface UserPoolProps {
  readonly removalPolicy: RemovalPolicy;
}

/** Cognito's password rules, as amplify_outputs.json names them (auth.password_policy). */
export const USER_PASSWORD_POLICY = { min_length: 8, require_lowercase: true, require_uppercase: true, require_numbers: true, require_symbols: true } as const;

/**
 * Token lifetimes. AppSync checks a token's signature and expiry but never asks Cognito whether
 * it was revoked, so after a sign-out (or a global sign-out, or an admin disabling the user) an
 * access or id token keeps working until it expires: keep them short. Amplify refreshes them in
 * the background, so 15 minutes costs users nothing. The refresh token is what keeps a user
 * signed in; 30 days means signing in again about monthly, and it is revocable (revocation on).
 */
export const TOKEN_VALIDITY = { accessToken: Duration.minutes(15), idToken: Duration.minutes(15), refreshToken: Duration.days(30), authSession: Duration.minutes(3) } as const;

export class UserPool extends Construct {
  readonly pool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: UserPoolProps) {
    super(scope, id);
    const retained = props.removalPolicy === RemovalPolicy.RETAIN;

    this.pool = new cognito.UserPool(this, 'Pool', {
      // Lite has everything this API uses (SRP, refresh, revocation); threat protection needs Plus (see COG8 below).
      featurePlan: cognito.FeaturePlan.LITE,
      selfSignUpEnabled: true,
      signInAliases: { email: true, username: false },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      keepOriginal: { email: true },
      userVerification: {
        emailStyle: cognito.VerificationEmailStyle.CODE,
        emailSubject: 'Your verification code',
        emailBody: 'Your verification code is {####}',
      },
      passwordPolicy: {
        minLength: USER_PASSWORD_POLICY.min_length,
        requireLowercase: USER_PASSWORD_POLICY.require_lowercase,
        requireUppercase: USER_PASSWORD_POLICY.require_uppercase,
        requireDigits: USER_PASSWORD_POLICY.require_numbers,
        requireSymbols: USER_PASSWORD_POLICY.require_symbols,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      mfa: cognito.Mfa.OFF,
      // Users are the one thing a redeploy cannot recreate: protect the pool wherever data is retained.
      deletionProtection: retained,
      removalPolicy: props.removalPolicy,
    });

    this.client = this.pool.addClient('PublicClient', {
      userPoolClientName: 'public',
      // A browser or CLI cannot keep a secret; SRP proves the password without sending it.
      generateSecret: false,
      // Refresh (REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken) is always on for a client.
      // USER_PASSWORD_AUTH is left off: it sends the password itself, and Amplify's default is SRP.
      authFlows: { userSrp: true, userPassword: false, adminUserPassword: false, custom: false },
      // "Incorrect username or password" whether or not the user exists: no account enumeration.
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: TOKEN_VALIDITY.accessToken,
      idTokenValidity: TOKEN_VALIDITY.idToken,
      refreshTokenValidity: TOKEN_VALIDITY.refreshToken,
      authSessionValidity: TOKEN_VALIDITY.authSession,
      // Sign-in is Amplify's API calls, not the hosted UI: no OAuth flows, callback URLs or domain.
      disableOAuth: true,
    });

    acknowledge(
      this.pool,
      'AwsSolutions-COG2',
      'MFA is off: users are self-signed-up consumers of an image-labelling app whose data is their own uploads; required MFA would gate sign-up on a second device for low-value data. Sign-in is SRP with a strong password policy, and tokens are short-lived. Turn on optional TOTP here if the data grows in value.',
    );
    acknowledge(
      this.pool,
      // cdk-nag 3 checks the Plus plan (COG8) where it once checked advanced security (COG3).
      'AwsSolutions-COG8',
      'Threat protection (advanced security) needs the Plus feature plan, priced per monthly active user at several times Lite; for this app the strong password policy, hidden user existence, Cognito\'s built-in sign-in throttling and short tokens are the chosen protection.',
    );
  }
}
