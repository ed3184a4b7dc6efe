/** `util`, `runtime` and `extensions` of APPSYNC_JS, as the sandbox sees them. */
import { randomBytes, randomUUID } from 'node:crypto';
import { dynamodbUtil } from './dynamodb-json.js';
import { EarlyReturn, ResolverError } from './early-return.js';
import { toDynamoDBExpression, toSubscriptionFilter } from './filters.js';
import { currentState } from './invocation-state.js';
import type { SubscriptionFilter } from './types.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function ulid(): string {
  let time = Date.now();
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[time % 32] + out;
    time = Math.floor(time / 32);
  }
  for (const byte of randomBytes(16)) out += CROCKFORD[byte % 32];
  return out;
}

function formatDate(date: Date, format: string): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const tokens: Record<string, string> = {
    yyyy: String(date.getUTCFullYear()),
    MM: pad(date.getUTCMonth() + 1),
    dd: pad(date.getUTCDate()),
    HH: pad(date.getUTCHours()),
    mm: pad(date.getUTCMinutes()),
    ss: pad(date.getUTCSeconds()),
    SSS: pad(date.getUTCMilliseconds(), 3),
    Z: '+0000',
  };
  return format.replace(/yyyy|MM|dd|HH|mm|ss|SSS|Z/g, (t) => tokens[t] ?? t);
}

const isNull = (v: unknown) => v === null || v === undefined;
const isEmpty = (v: unknown) => isNull(v) || (typeof v === 'string' && v.length === 0) || (Array.isArray(v) && v.length === 0);

export const util = {
  autoId: () => randomUUID(),
  autoUlid: ulid,
  autoKsuid: () => randomBytes(14).toString('base64url').slice(0, 27),
  error(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): never {
    throw new ResolverError(String(message), errorType ?? null, data ?? null, errorInfo ?? null);
  },
  appendError(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): void {
    currentState().appendedErrors.push({ message: String(message), errorType: errorType ?? null, data: data ?? null, errorInfo: errorInfo ?? null });
  },
  unauthorized(): never {
    const state = currentState();
    throw new ResolverError(`Not Authorized to access ${state.fieldName} on type ${state.parentTypeName}`, 'Unauthorized', null, null);
  },
  authType: () => currentState().authType,
  isNull,
  isNullOrEmpty: isEmpty,
  isNullOrBlank: (v: unknown) => isEmpty(v) || (typeof v === 'string' && v.trim().length === 0),
  defaultIfNull: <T>(v: T, d: T) => (isNull(v) ? d : v),
  defaultIfNullOrEmpty: <T>(v: T, d: T) => (isEmpty(v) ? d : v),
  defaultIfNullOrBlank: <T>(v: T, d: T) => (isEmpty(v) || (typeof v === 'string' && v.trim() === '') ? d : v),
  isString: (v: unknown) => typeof v === 'string',
  isNumber: (v: unknown) => typeof v === 'number',
  isBoolean: (v: unknown) => typeof v === 'boolean',
  isList: (v: unknown) => Array.isArray(v),
  isMap: (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v),
  typeOf: (v: unknown) => (isNull(v) ? 'Null' : Array.isArray(v) ? 'List' : typeof v === 'object' ? 'Map' : typeof v === 'string' ? 'String' : typeof v === 'number' ? 'Number' : typeof v === 'boolean' ? 'Boolean' : 'Object'),
  matches: (pattern: string, value: string) => new RegExp(`^(?:${pattern})$`).test(value),
  escapeJavaScript: (v: string) => JSON.stringify(v).slice(1, -1),
  urlEncode: (v: string) => encodeURIComponent(v),
  urlDecode: (v: string) => decodeURIComponent(v),
  base64Encode: (v: string) => Buffer.from(v, 'utf8').toString('base64'),
  base64Decode: (v: string) => Buffer.from(v, 'base64').toString('utf8'),
  time: {
    nowISO8601: () => new Date().toISOString(),
    nowEpochSeconds: () => Math.floor(Date.now() / 1000),
    nowEpochMilliSeconds: () => Date.now(),
    nowFormatted: (format: string) => formatDate(new Date(), format),
    parseISO8601ToEpochMilliSeconds: (v: string) => Date.parse(v),
    parseFormattedToEpochMilliSeconds: (v: string) => Date.parse(v),
    epochMilliSecondsToSeconds: (v: number) => Math.floor(v / 1000),
    epochMilliSecondsToISO8601: (v: number) => new Date(v).toISOString(),
    epochMilliSecondsToFormatted: (v: number, format: string) => formatDate(new Date(v), format),
  },
  str: {
    toUpper: (v: string) => v.toUpperCase(),
    toLower: (v: string) => v.toLowerCase(),
    toReplace: (v: string, find: string, replace: string) => v.split(find).join(replace),
    normalize: (v: string, form: string) => v.normalize(form.toUpperCase()),
  },
  math: {
    roundNum: (v: number) => Math.round(v),
    minVal: (a: number, b: number) => Math.min(a, b),
    maxVal: (a: number, b: number) => Math.max(a, b),
    randomDouble: () => Math.random(),
    randomWithinRange: (a: number, b: number) => Math.floor(a + Math.random() * (b - a)),
  },
  dynamodb: dynamodbUtil(),
  transform: {
    toDynamoDBFilterExpression: (filter: Record<string, unknown>) => JSON.stringify(toDynamoDBExpression(filter)),
    toDynamoDBConditionExpression: (filter: Record<string, unknown>) => JSON.stringify(toDynamoDBExpression(filter)),
    toSubscriptionFilter: (filter: Record<string, unknown>, ignoredFields?: string[]) => toSubscriptionFilter(filter, ignoredFields),
  },
};

export const runtime = {
  earlyReturn(value?: unknown): never {
    throw new EarlyReturn(value ?? null);
  },
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** What `util.transform.toSubscriptionFilter` returns; anything else is a bug in the resolver, said at the call. */
function asSubscriptionFilter(filter: unknown, method: string): SubscriptionFilter {
  if (!isObject(filter) || !Array.isArray(filter.filterGroup)) throw new Error(`extensions.${method} needs a filter from util.transform.toSubscriptionFilter ({ filterGroup: [...] })`);
  return filter as unknown as SubscriptionFilter;
}

export const extensions = {
  setSubscriptionFilter(filter: unknown): void {
    currentState().subscriptionFilter = filter as never;
  },
  /** The subscription's side of invalidation: which invalidation payloads end this subscription. */
  setSubscriptionInvalidationFilter(filter: unknown): void {
    currentState().invalidationFilter = asSubscriptionFilter(filter, 'setSubscriptionInvalidationFilter');
  },
  /** The mutation's side: end the subscriptions to `subscriptionField` whose invalidation filter matches `payload`. */
  invalidateSubscriptions(spec: unknown): void {
    if (!isObject(spec) || typeof spec.subscriptionField !== 'string' || spec.subscriptionField === '' || !isObject(spec.payload)) {
      throw new Error('extensions.invalidateSubscriptions needs { subscriptionField: string, payload: object }');
    }
    currentState().invalidations.push({ subscriptionField: spec.subscriptionField, payload: { ...spec.payload } });
  },
  evictFromApiCache(): void {},
};
