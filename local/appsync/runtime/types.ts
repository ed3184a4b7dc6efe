/**
 * The seam between the local engine's GraphQL server (`local/appsync/server/`) and the
 * APPSYNC_JS runtime (`local/appsync/runtime/`). The server decides *whether* a field may be
 * resolved (auth, schema); the runtime decides *how* (resolver code + data source).
 */

/** AppSync's `ctx.identity`: null for API_KEY; one of these shapes for the other modes. */
export interface IamIdentity {
  accountId: string;
  cognitoIdentityPoolId: string | null;
  cognitoIdentityId: string | null;
  cognitoIdentityAuthType: string | null;
  cognitoIdentityAuthProvider: string | null;
  sourceIp: string[];
  username: string;
  userArn: string;
}
/** AMAZON_COGNITO_USER_POOLS: the verified token's claims; `sub` is the owner key. */
export interface CognitoIdentity {
  sub: string;
  issuer: string;
  username: string;
  claims: Record<string, unknown>;
  sourceIp: string[];
  /** ALLOW or DENY: the pool's default action when user pools are the API's default mode. */
  defaultAuthStrategy: 'ALLOW' | 'DENY';
  groups: string[] | null;
}
/** OPENID_CONNECT: the verified token's claims. */
export interface OidcIdentity {
  sub: string;
  issuer: string;
  claims: Record<string, unknown>;
}
/** AWS_LAMBDA: what the authorizer put in its answer's resolverContext. */
export interface LambdaIdentity {
  resolverContext: Record<string, string>;
}
export type Identity = IamIdentity | CognitoIdentity | OidcIdentity | LambdaIdentity | null;

export interface ResolverInfo {
  fieldName: string;
  parentTypeName: string;
  variables: Record<string, unknown>;
  /** AppSync's flattened selection, e.g. ["id", "labels", "labels/name"]. */
  selectionSetList: string[];
  selectionSetGraphQL: string;
}

/** Everything the runtime needs to resolve one field once. */
export interface ResolverInvocation {
  arguments: Record<string, unknown>;
  source: unknown;
  identity: Identity;
  request: { headers: Record<string, string>; domainName: string | null };
  info: ResolverInfo;
}

/** An error as AppSync reports it in the response's `errors` array (path/locations are added by the server). */
export interface AppSyncFieldError {
  message: string;
  errorType: string | null;
  errorInfo: unknown;
  data?: unknown;
}

/**
 * Enhanced subscription filter as produced by `util.transform.toSubscriptionFilter`
 * (`{ filterGroup: [{ filters: [{ fieldName, operator, value }] }] }`); evaluate it with the
 * runtime's `matchesSubscriptionFilter`.
 */
export interface SubscriptionFilter {
  filterGroup: Array<{ filters: Array<{ fieldName: string; operator: string; value: unknown }> }>;
}

/**
 * `extensions.invalidateSubscriptions`' argument: end the subscriptions to `subscriptionField`
 * whose invalidation filter (set at their start) matches `payload`.
 */
export interface SubscriptionInvalidation {
  subscriptionField: string;
  payload: Record<string, unknown>;
}

export interface ResolverOutcome {
  /** The field's value; null when the resolver failed. */
  data: unknown;
  /** From util.error (field becomes null) and util.appendError (field keeps its value). */
  errors: AppSyncFieldError[];
  /** Set by `extensions.setSubscriptionFilter` in a subscription's resolver. */
  subscriptionFilter?: SubscriptionFilter;
  /** Set by `extensions.setSubscriptionInvalidationFilter` in a subscription's resolver. */
  invalidationFilter?: SubscriptionFilter;
  /** From `extensions.invalidateSubscriptions` in a mutation's resolver; acted on once the mutation succeeded. */
  invalidations: SubscriptionInvalidation[];
}

/** One wired field, ready to run. */
export interface FieldResolver {
  readonly typeName: string;
  readonly fieldName: string;
  resolve(invocation: ResolverInvocation): Promise<ResolverOutcome>;
}

/** How the local runtime binds each logical data source of `api/wiring.ts`. */
export type DataSourceBinding =
  | { type: 'AMAZON_DYNAMODB'; tableName: string; endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } }
  | { type: 'AWS_LAMBDA'; handler: (event: unknown, context: unknown) => Promise<unknown> }
  | { type: 'NONE' };

/** Thrown at load time when resolver code uses something APPSYNC_JS refuses. */
export class ResolverCodeError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly rule: string,
    message: string,
  ) {
    super(`${file}:${line}:${column} ${message} (${rule})`);
    this.name = 'ResolverCodeError';
  }
}
