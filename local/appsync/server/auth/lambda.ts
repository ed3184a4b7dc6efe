/**
 * AWS_LAMBDA authorization as AppSync does it: the raw `Authorization` value, checked against
 * `identityValidationExpression`, goes to the authorizer function with the request's context;
 * its answer (isAuthorized, resolverContext, deniedFields, ttlOverride) is cached per token for
 * the TTL, as AppSync caches it, so a warm token costs a map lookup.
 */
import { randomUUID } from 'node:crypto';

/** What AppSync sends the authorizer. */
export interface LambdaAuthorizerEvent {
  authorizationToken: string;
  requestContext: { apiId: string; accountId: string; requestId: string; queryString: string; operationName: string | null; variables: Record<string, unknown> };
  requestHeaders: Record<string, string>;
}

/** What the authorizer answers; anything else is a refusal. */
export interface LambdaAuthorizerResult {
  isAuthorized: boolean;
  resolverContext?: Record<string, string>;
  deniedFields?: string[];
  ttlOverride?: number;
}

export interface LambdaAuthConfig {
  /** The authorizer function: in-process locally, as the engine's Lambda data sources are. */
  handler: (event: LambdaAuthorizerEvent) => Promise<unknown>;
  /** AppSync's authorizerResultTtlInSeconds (0-3600); 300 when absent, as AppSync's default. */
  resultTtlSeconds?: number;
  /** A token that does not match (the whole of it) is refused without calling the function. */
  identityValidationExpression?: string;
  /** AppSync gives the function 10 s; a test passes less. */
  timeoutMs?: number;
}

/** A token the authorizer allowed, as resolvers and the field checks see it. */
export interface LambdaGrant {
  resolverContext: Record<string, string>;
  /** "Type.field" entries: those fields resolve to null with an Unauthorized error. */
  deniedFields: ReadonlySet<string>;
}

/** Why a token was refused; the caller gets AppSync's 401, the log the reason. */
export class LambdaRefused extends Error {}

const DEFAULT_TTL_SECONDS = 300;
const MAX_TTL_SECONDS = 3600;
const DEFAULT_TIMEOUT_MS = 10_000;
/** AppSync refuses longer tokens before calling the function. */
export const MAX_TOKEN_LENGTH = 2048;
/** Distinct tokens whose answers are remembered; the oldest is forgotten first. */
const CACHE_SIZE = 10_000;

/** The request parts the authorizer is told about. */
export interface LambdaRequestContext {
  queryString: string;
  operationName: string | null;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
}

export function createLambdaAuthorizer(config: LambdaAuthConfig, api: { apiId: string; accountId: string; region: string }) {
  const ttlSeconds = config.resultTtlSeconds ?? DEFAULT_TTL_SECONDS;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const validation = config.identityValidationExpression ? new RegExp(`^(?:${config.identityValidationExpression})$`) : undefined;
  const arnPrefix = `arn:aws:appsync:${api.region}:${api.accountId}:apis/${api.apiId}/types/`;
  const cache = new Map<string, { grant: LambdaGrant | null; until: number }>();

  /** deniedFields entries are "Type.field" or this API's field ARNs; another API's ARNs name nothing here. */
  function shortForm(entry: unknown): string[] {
    if (typeof entry !== 'string') return [];
    if (!entry.startsWith('arn:')) return [entry];
    if (!entry.startsWith(arnPrefix)) return [];
    const [type, , field] = entry.slice(arnPrefix.length).split('/');
    return type && field ? [`${type}.${field}`] : [];
  }

  async function invoke(event: LambdaAuthorizerEvent): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LambdaRefused(`the authorizer did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([config.handler(event), timeout]);
    } catch (error) {
      if (error instanceof LambdaRefused) throw error;
      throw new LambdaRefused(`the authorizer failed: ${(error as Error)?.message ?? String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  async function authorize(token: string, request: LambdaRequestContext, now = Date.now()): Promise<LambdaGrant> {
    if (token.length > MAX_TOKEN_LENGTH) throw new LambdaRefused('the token is longer than 2048 characters');
    if (validation && !validation.test(token)) throw new LambdaRefused('the token does not match identityValidationExpression');
    const hit = cache.get(token);
    if (hit) {
      if (now < hit.until) {
        if (!hit.grant) throw new LambdaRefused('the authorizer answered isAuthorized: false (cached)');
        return hit.grant;
      }
      cache.delete(token);
    }
    const answer = (await invoke({
      authorizationToken: token,
      requestContext: { apiId: api.apiId, accountId: api.accountId, requestId: randomUUID(), queryString: request.queryString, operationName: request.operationName, variables: request.variables },
      requestHeaders: request.headers,
    })) as Partial<LambdaAuthorizerResult> | null | undefined;
    const allowed = Boolean(answer && typeof answer === 'object' && answer.isAuthorized === true);
    const grant: LambdaGrant | null = allowed
      ? {
          resolverContext: answer!.resolverContext && typeof answer!.resolverContext === 'object' ? answer!.resolverContext : {},
          deniedFields: new Set((Array.isArray(answer!.deniedFields) ? answer!.deniedFields : []).flatMap(shortForm)),
        }
      : null;
    const override = answer && typeof answer === 'object' ? answer.ttlOverride : undefined;
    const ttl = typeof override === 'number' && override >= 0 ? Math.min(override, MAX_TTL_SECONDS) : ttlSeconds;
    // The answer is cached, a refusal too, as AppSync caches the response; a thrown error or a
    // timeout is not an answer and is asked again next time.
    if (ttl > 0) {
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(token, { grant, until: now + ttl * 1000 });
    }
    if (!grant) throw new LambdaRefused('the authorizer answered isAuthorized: false');
    return grant;
  }

  return { authorize };
}

export type LambdaAuthorizer = ReturnType<typeof createLambdaAuthorizer>;
