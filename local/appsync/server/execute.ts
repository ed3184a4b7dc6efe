/** Runs one GraphQL operation, compiled by graphql-jit: auth per field, wired resolvers, AppSync's error shape. */
import {
  defaultFieldResolver,
  execute as executeUncompiled,
  getArgumentValues,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FieldNode,
  type GraphQLFieldResolver,
  type GraphQLArgument,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
  isObjectType,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { FieldResolver, ResolverInvocation, SubscriptionInvalidation } from '../runtime/types.js';
import type { Caller } from './auth/authenticate.js';
import { requestError, toAppSyncError, type AppSyncError } from './errors.js';
import { depthRule, resolverLimitError, type RequestLimits } from './limits.js';
import { effectiveRule, isAllowed, passes, passesEveryCallerOf, type AuthMode, type AuthPolicy, type AuthRule, type LoadedSchema } from './schema.js';
import { DocumentCache } from './document-cache.js';
import { fieldsOf, project, selectionSetGraphQL, selectionSetList, type Fragments } from './selection.js';

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface RequestMeta {
  headers: Record<string, string>;
  domainName: string | null;
}

/** A successful mutation field, as it will be handed to subscribers (only what it selected). */
export interface Published {
  mutationField: string;
  value: Record<string, unknown>;
}

/** A successful mutation field's `extensions.invalidateSubscriptions` call. */
export interface Invalidation extends SubscriptionInvalidation {
  mutationField: string;
}

export interface ExecutionOutcome {
  body: { data: unknown; errors?: AppSyncError[] };
  published: Published[];
  invalidations: Invalidation[];
}

interface OperationContext {
  caller: Caller;
  meta: RequestMeta;
  extraErrors: GraphQLError[];
  published: Published[];
  invalidations: Invalidation[];
  fragments: Fragments;
  /** Resolvers run so far in this request, against ResolverCountLimit. */
  resolverCount: number;
}

export type Prepared = { ok: true; document: DocumentNode; operation: OperationDefinitionNode; fragments: Fragments; parsed: Extract<ParsedDocument, { ok: true }> } | { ok: false; errors: AppSyncError[] };

/** A parsed, validated document and its operations compiled to functions (on first use of each). */
type ParsedDocument = { ok: true; document: DocumentNode; compiled: Map<string, CompiledQuery | AppSyncError[]> } | { ok: false; errors: AppSyncError[] };

interface FieldPlan {
  rule: AuthRule;
  resolver: FieldResolver | undefined;
}

/** A user-pool caller's groups (cognito:groups), which `cognito_groups` directives are checked against. */
const groupsOf = (caller: Caller): readonly string[] | null => (caller.identity && 'groups' in caller.identity ? caller.identity.groups : null);

const notAuthorized = (info: { fieldName: string; parentType: { name: string } }) =>
  new GraphQLError(`Not Authorized to access ${info.fieldName} on type ${info.parentType.name}`, { extensions: { errorType: 'Unauthorized' } });

/** Distinct query texts remembered (parsed and validated); the oldest is forgotten first. */
const DOCUMENT_CACHE_SIZE = 500;

export function createExecutor(o: { loaded: LoadedSchema; resolvers: Map<string, FieldResolver>; policy: AuthPolicy; modes: readonly AuthMode[]; limits: RequestLimits }) {
  const { schema } = o.loaded;
  const rules = [...specifiedRules, depthRule(o.limits)];
  const rootTypes = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) => (t ? [t.name] : [])));

  // Clients send the same few documents over and over; parsing and validating one is most of the
  // cost of a small request, and both depend only on the query text (and the fixed schema).
  const documents = new DocumentCache<ParsedDocument>(DOCUMENT_CACHE_SIZE);

  function parseAndValidate(query: string): ParsedDocument {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return { ok: false, errors: [toAppSyncError(error as GraphQLError, 'MalformedQuery')] };
    }
    const errors = validate(schema, document, rules);
    if (errors.length) return { ok: false, errors: errors.map((e) => toAppSyncError(e, 'ValidationError')) };
    return { ok: true, document, compiled: new Map() };
  }

  function prepare(req: GraphQLRequest): Prepared {
    if (typeof req.query !== 'string' || req.query.trim() === '') return { ok: false, errors: requestError('BadRequestException', 'A GraphQL "query" string is required.').errors };
    let parsed = documents.get(req.query);
    if (!parsed) documents.set(req.query, (parsed = parseAndValidate(req.query)));
    if (!parsed.ok) return parsed;
    const { document } = parsed;
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = req.operationName ? operations.find((op) => op.name?.value === req.operationName) : operations.length === 1 ? operations[0] : undefined;
    if (!operation) return { ok: false, errors: requestError('ValidationError', req.operationName ? `Unknown operation named "${req.operationName}".` : 'Must provide operation name if query contains multiple operations.').errors };
    const fragments = Object.fromEntries(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d])) as Fragments;
    return { ok: true, document, operation, fragments, parsed };
  }

  function invocationFor(source: unknown, args: Record<string, unknown>, ctx: OperationContext, info: { fieldName: string; parentType: { name: string }; fieldNodes: readonly FieldNode[]; variableValues: Record<string, unknown> }): ResolverInvocation {
    return {
      arguments: args,
      source: source ?? null,
      identity: ctx.caller.identity,
      request: { headers: ctx.meta.headers, domainName: ctx.meta.domainName },
      info: lazyInfo(info, ctx.fragments),
    };
  }

  /** A field's auth and resolver, worked out once when the executor is made. */
  const planOf = (typeName: string, fieldName: string): FieldPlan => ({
    rule: effectiveRule(o.loaded, typeName, fieldName, o.policy),
    resolver: o.resolvers.get(`${typeName}.${fieldName}`),
  });

  /** The resolver of one field: its auth check, then its wired resolver or a plain property read. */
  const fieldResolverFor =
    (plan: FieldPlan): GraphQLFieldResolver<unknown, OperationContext> =>
    (source, args, ctx, info) => {
      if (!passes(plan.rule, ctx.caller.mode, groupsOf(ctx.caller))) throw notAuthorized(info);
      if (ctx.caller.deniedFields?.has(`${info.parentType.name}.${info.fieldName}`)) throw notAuthorized(info);
      // IAM policies name top-level fields (Query/Mutation/Subscription), as AppSync checks them.
      const denied = rootTypes.has(info.parentType.name) ? ctx.caller.deniedField?.(info.parentType.name, info.fieldName) : undefined;
      if (denied) throw new GraphQLError(denied, { extensions: { errorType: 'Unauthorized' } });
      if (!plan.resolver) {
        return source !== null && typeof source === 'object' ? (source as Record<string, unknown>)[info.fieldName] : undefined;
      }
      return resolveWired(plan.resolver, source, args, ctx, info);
    };

  async function resolveWired(resolver: FieldResolver, source: unknown, args: Record<string, unknown>, ctx: OperationContext, info: GraphQLResolveInfo): Promise<unknown> {
    const typeName = info.parentType.name;
    if (++ctx.resolverCount > o.limits.resolverCountLimit) throw resolverLimitError(o.limits.resolverCountLimit);
    const outcome = await resolver.resolve(invocationFor(source, args, ctx, info));
    const [primary, ...rest] = outcome.data === null ? outcome.errors.slice().reverse() : [];
    const appended = outcome.data === null ? rest.reverse() : outcome.errors;
    for (const e of appended) ctx.extraErrors.push(new GraphQLError(e.message, { path: info.path ? pathOf(info.path) : undefined, nodes: info.fieldNodes, extensions: { errorType: e.errorType, errorInfo: e.errorInfo, data: e.data } }));
    if (primary) throw new GraphQLError(primary.message, { extensions: { errorType: primary.errorType, errorInfo: primary.errorInfo, data: primary.data } });
    if (typeName === schema.getMutationType()?.name) {
      for (const i of outcome.invalidations) ctx.invalidations.push({ mutationField: info.fieldName, ...i });
    }
    if (typeName === schema.getMutationType()?.name && outcome.data !== null && o.loaded.subscriptionsByMutation.has(info.fieldName)) {
      ctx.published.push({ mutationField: info.fieldName, value: project(outcome.data, info.fieldNodes[0].selectionSet, ctx.fragments) as Record<string, unknown> });
    }
    return outcome.data;
  };

  // Operations run as functions compiled by graphql-jit, which reads each field's `resolve` from
  // the schema. A field gets ours only where it has work to do: a wired resolver, or an auth rule
  // that not every mode this API accepts passes. Every other field (most leaves of a result) is
  // a plain property read in the compiled code.
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const plan = planOf(type.name, field.name);
      if (plan.resolver || o.modes.some((mode) => !passesEveryCallerOf(plan.rule, mode))) field.resolve = fieldResolverFor(plan);
    }
  }

  function compiledFor(parsed: Extract<ParsedDocument, { ok: true }>, operationName: string | undefined): CompiledQuery | AppSyncError[] {
    const key = operationName ?? '';
    let compiled = parsed.compiled.get(key);
    if (!compiled) {
      const result = compileQuery(schema, parsed.document, operationName);
      compiled = isCompiledQuery(result) ? result : (result.errors ?? []).map((e) => toAppSyncError(e, 'ValidationError'));
      parsed.compiled.set(key, compiled);
    }
    return compiled;
  }

  // A Lambda authorizer's deniedFields may name any field, the plain property reads too, which the
  // compiled code never asks about: such a caller's operation runs through graphql-js, whose
  // default resolver here checks the list (the API's own resolvers above check it too).
  const deniedAwareRead: GraphQLFieldResolver<unknown, OperationContext> = (source, args, ctx, info) => {
    if (ctx.caller.deniedFields?.has(`${info.parentType.name}.${info.fieldName}`)) throw notAuthorized(info);
    return defaultFieldResolver(source, args, ctx, info);
  };

  async function execute(req: GraphQLRequest, caller: Caller, meta: RequestMeta): Promise<ExecutionOutcome> {
    const prepared = prepare(req);
    if (!prepared.ok) return { body: { data: null, errors: prepared.errors }, published: [], invalidations: [] };
    if (prepared.operation.operation === 'subscription') {
      return { body: { data: null, ...requestError('BadRequestException', 'Subscriptions are served over the realtime websocket endpoint (/graphql/realtime).') }, published: [], invalidations: [] };
    }
    const compiled = compiledFor(prepared.parsed, prepared.operation.name?.value);
    if (Array.isArray(compiled)) return { body: { data: null, errors: compiled }, published: [], invalidations: [] };
    const ctx: OperationContext = { caller, meta, extraErrors: [], published: [], invalidations: [], fragments: prepared.fragments, resolverCount: 0 };
    const result = caller.deniedFields
      ? await executeUncompiled({ schema, document: prepared.document, operationName: prepared.operation.name?.value, contextValue: ctx, variableValues: req.variables ?? {}, fieldResolver: deniedAwareRead })
      : await compiled.query(undefined, ctx, req.variables ?? {});
    // An answer without data is graphql-jit refusing the variables, before anything ran. It drops
    // the scalar's reason ("Invalid AWSURL value…"), which graphql-js keeps: let graphql-js word it.
    if (!('data' in result) && prepared.operation.variableDefinitions?.length) {
      const coerced = getVariableValues(schema, prepared.operation.variableDefinitions, req.variables ?? {}, { maxErrors: 50 });
      if (coerced.errors) return { body: { data: null, errors: coerced.errors.map((e) => toAppSyncError(e, 'ValidationError')) }, published: [], invalidations: [] };
    }
    const errors = [...(result.errors ?? []), ...ctx.extraErrors].map((e) => toAppSyncError(e, e.path ? null : 'ValidationError'));
    // A mutation that ended in an error notifies nobody.
    const failed = new Set(errors.map((e) => e.path?.[0]));
    const published = ctx.published.filter((p) => !failed.has(p.mutationField));
    const invalidations = ctx.invalidations.filter((i) => !failed.has(i.mutationField));
    return { body: errors.length ? { data: result.data ?? null, errors } : { data: result.data ?? null }, published, invalidations };
  }

  /** The subscription's root field, its auth, and its resolver, run at `start`. */
  async function startSubscription(req: GraphQLRequest, caller: Caller, meta: RequestMeta) {
    const prepared = prepare(req);
    if (!prepared.ok) return { ok: false as const, errors: prepared.errors };
    const { operation, fragments } = prepared;
    if (operation.operation !== 'subscription') return { ok: false as const, errors: requestError('BadRequestException', 'Only subscription operations can be started on the realtime endpoint.').errors };
    const roots = fieldsOf(operation.selectionSet, fragments);
    if (roots.length !== 1) return { ok: false as const, errors: requestError('ValidationError', 'A subscription must select exactly one top-level field.').errors };
    const field = roots[0];
    const typeName = schema.getSubscriptionType()!.name;
    const fieldName = field.name.value;
    if (!isAllowed(o.loaded, typeName, fieldName, caller.mode, o.policy, groupsOf(caller))) {
      return { ok: false as const, errors: requestError('Unauthorized', `Not Authorized to access ${fieldName} on type ${typeName}`).errors };
    }
    if (caller.deniedFields?.has(`${typeName}.${fieldName}`)) return { ok: false as const, errors: requestError('Unauthorized', `Not Authorized to access ${fieldName} on type ${typeName}`).errors };
    const denied = caller.deniedField?.(typeName, fieldName);
    if (denied) return { ok: false as const, errors: requestError('Unauthorized', denied).errors };
    const fieldDef = schema.getSubscriptionType()!.getFields()[fieldName];
    const args = argumentValues(fieldDef.args, field, req.variables ?? {});
    const resolver = o.resolvers.get(`${typeName}.${fieldName}`);
    let subscriptionFilter;
    let invalidationFilter;
    if (resolver) {
      const ctx: OperationContext = { caller, meta, extraErrors: [], published: [], invalidations: [], fragments, resolverCount: 1 };
      const outcome = await resolver.resolve(invocationFor(null, args, ctx, { fieldName, parentType: { name: typeName }, fieldNodes: [field], variableValues: req.variables ?? {} }));
      if (outcome.data === null && outcome.errors.length) {
        return { ok: false as const, errors: outcome.errors.map((e) => ({ path: null, locations: null, data: e.data ?? null, errorType: e.errorType, errorInfo: e.errorInfo, message: e.message })) };
      }
      subscriptionFilter = outcome.subscriptionFilter;
      invalidationFilter = outcome.invalidationFilter;
    }
    return { ok: true as const, fieldName, args, field, fragments, subscriptionFilter, invalidationFilter };
  }

  return { execute, startSubscription, prepare };
}

/**
 * ctx.info for a resolver. selectionSetList and selectionSetGraphQL walk and print the selection,
 * and most resolvers never read them: they are computed on first read.
 */
function lazyInfo(info: { fieldName: string; parentType: { name: string }; fieldNodes: readonly FieldNode[]; variableValues: Record<string, unknown> }, fragments: Fragments): ResolverInvocation['info'] {
  let list: string[] | undefined;
  let printed: string | undefined;
  return {
    fieldName: info.fieldName,
    parentTypeName: info.parentType.name,
    variables: info.variableValues,
    get selectionSetList() {
      return (list ??= selectionSetList(info.fieldNodes, fragments));
    },
    get selectionSetGraphQL() {
      return (printed ??= selectionSetGraphQL(info.fieldNodes));
    },
  };
}

function pathOf(path: { prev: unknown; key: string | number }): Array<string | number> {
  const out: Array<string | number> = [];
  let p: { prev: unknown; key: string | number } | undefined = path;
  while (p) {
    out.unshift(p.key);
    p = p.prev as typeof p;
  }
  return out;
}

function argumentValues(defs: readonly GraphQLArgument[], node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  return getArgumentValues({ args: defs } as never, node, variables);
}
