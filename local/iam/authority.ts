/**
 * Who holds which key, and what each may do: the one object every local stand-in asks after
 * it has verified a request's SigV4 signature. Function roles come from the synthesized
 * template; the local stack's own key is an administrator, as an account's admin user is.
 */
import { randomBytes } from 'node:crypto';
import type { Credentials } from '../sigv4/verify.js';
import { denial, logDenial, type Denial } from './denial.js';
import { evaluate } from './evaluate.js';
import type { PolicyDocument } from './policy.js';

export type { Denial } from './denial.js';

export interface Principal {
  /** As IAM names the caller: `arn:aws:sts::<account>:assumed-role/<role>/<session>` for a role. */
  arn: string;
  /** The role's name, for the denial log (undefined for the administrator). */
  role?: string;
  policies: readonly PolicyDocument[];
  administrator?: boolean;
  /**
   * Condition keys the session itself carries, lower-cased, which its policies' variables read:
   * an identity pool's credentials carry `cognito-identity.amazonaws.com:sub` (the identity id).
   */
  context?: Readonly<Record<string, string>>;
  /**
   * An identity pool's session: what AppSync puts in `ctx.identity` for its SigV4 calls
   * (cognitoIdentityPoolId, cognitoIdentityId, cognitoIdentityAuthType, cognitoIdentityAuthProvider).
   */
  cognitoIdentity?: Readonly<{ identityPoolId: string; identityId: string; authType: 'authenticated' | 'unauthenticated'; authProvider: string | null }>;
}

export interface KeyHolder {
  credentials: Credentials;
  principal: Principal;
}

/** A resource policy (a bucket policy), applying to `resource` and everything under `resource/`. */
export interface ResourcePolicy {
  resource: string;
  document: PolicyDocument;
}

export interface IamAuthority {
  /** Every key the stand-ins accept (their SigV4 verification needs the secrets). */
  readonly credentials: readonly Credentials[];
  principalOf(accessKeyId: string): Principal | undefined;
  /**
   * Adds a key issued while running (an identity pool's session credentials), as STS would:
   * from then on every stand-in verifies and authorizes it. Expired keys are dropped here.
   */
  register(holder: KeyHolder): void;
  /** Undefined when allowed; the denial, already logged, otherwise. */
  authorize(accessKeyId: string, action: string, resource: string, context?: Record<string, string | undefined>): Denial | undefined;
}

export interface IamAuthorityOptions {
  /** Off (BLOBS_ENFORCE_IAM=false): every verified key may do everything, as before. */
  enforce: boolean;
  holders: readonly KeyHolder[];
  resourcePolicies?: readonly ResourcePolicy[];
  onDenial?: (denial: Denial, principal: Principal | undefined) => void;
}

export function createIamAuthority(o: IamAuthorityOptions): IamAuthority {
  const byKey = new Map(o.holders.map((h) => [h.credentials.accessKeyId, h.principal]));
  const onDenial = o.onDenial ?? ((d, p) => logDenial(d, p?.role));
  // One live list: the stand-ins were handed this array at start and see keys registered later.
  const credentials: Credentials[] = o.holders.map((h) => h.credentials);
  return {
    credentials,
    principalOf: (accessKeyId) => byKey.get(accessKeyId),
    register({ credentials: issued, principal }) {
      const now = Date.now();
      for (let i = credentials.length - 1; i >= 0; i--) {
        const c = credentials[i];
        if (c.accessKeyId === issued.accessKeyId || (c.expiresAt !== undefined && c.expiresAt <= now)) {
          byKey.delete(c.accessKeyId);
          credentials.splice(i, 1);
        }
      }
      credentials.push(issued);
      byKey.set(issued.accessKeyId, principal);
    },
    authorize(accessKeyId, action, resource, context) {
      if (!o.enforce) return undefined;
      const principal = byKey.get(accessKeyId);
      const arn = principal?.arn ?? `arn:aws:iam::000000000000:user/${accessKeyId}`;
      const resourcePolicy = o.resourcePolicies?.find((p) => resource === p.resource || resource.startsWith(`${p.resource}/`));
      const evaluation = evaluate(
        { principal: arn, action, resource, context: principal?.context ? { ...context, ...principal.context } : context },
        { identity: principal?.policies ?? [], resource: resourcePolicy?.document, administrator: principal?.administrator },
      );
      if (evaluation.decision === 'Allow') return undefined;
      const refused = denial(arn, action, resource, evaluation);
      onDenial(refused, principal);
      return refused;
    },
  };
}

/** Credentials for one role session, new at every start (as Lambda's are per instance). */
export function sessionCredentials(): Credentials {
  const id = randomBytes(10).toString('hex').toUpperCase().slice(0, 16);
  return { accessKeyId: `ASIA${id}`, secretAccessKey: randomBytes(30).toString('base64') };
}
