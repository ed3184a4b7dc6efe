/**
 * The one declaration of how much a single GraphQL request may ask for. Both runtimes read it:
 * `infra/` sets AppSync's own limits on the API (QueryDepthLimit, ResolverCountLimit), and the
 * local engine (`local/appsync/`) refuses the same requests. A limit that only one runtime could
 * apply does not belong here: what AWS enforces in front of AppSync (WAF's rate and body-size
 * rules) is a deployment setting (`infra/settings.ts`), read back from the template offline.
 */
export const requestLimits = {
  /**
   * Levels of nested selections in one operation (AppSync's QueryDepthLimit, 1-75). The deepest
   * query this API's clients send is ~6 (blob → faces → landmarks → …); 12 leaves room for
   * fragments without letting introspection recurse without end.
   */
  queryDepthLimit: 12,
  /**
   * Resolver invocations in one request (AppSync's ResolverCountLimit, 1-10000). A full myBlobs
   * page is 1 + 100 × (imageUrl, thumbnailUrl) resolvers; 500 keeps that and bounds alias floods
   * (`a1: blob(…) a2: blob(…) …`), each of which would be a DynamoDB read.
   */
  resolverCountLimit: 500,
  /**
   * The request body AppSync accepts (its quota is 1 MB; the local engine answers 413 beyond it).
   * WAF's body-size rule refuses far smaller bodies first (`wafMaxBodyBytes`, 8 KB by default).
   */
  maxRequestBytes: 1_000_000,
  /** One subscription event (AppSync's quota, 240 KB); a larger one reaches the subscriber as an error. */
  maxSubscriptionEventBytes: 240 * 1024,
} as const;

/** AppSync's accepted ranges for the two API settings, checked at synth and by the engine. */
export const APPSYNC_LIMIT_RANGES = { queryDepthLimit: { min: 1, max: 75 }, resolverCountLimit: { min: 1, max: 10_000 } } as const;

export type RequestLimits = { readonly queryDepthLimit: number; readonly resolverCountLimit: number; readonly maxRequestBytes: number };
