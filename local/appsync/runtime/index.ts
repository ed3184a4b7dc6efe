/** The APPSYNC_JS runtime: loads the declared wiring's resolver code and runs it against data sources. */
import type { DataSourceSpec, ResolverSpec } from '../../../api/wiring.js';
import { bundleResolver } from '../../../api/bundle-resolver.js';
import { dynamodbInvoker } from './datasources/dynamodb.js';
import type { DataSourceInvoker } from './datasources/invoker.js';
import { lambdaInvoker } from './datasources/lambda.js';
import { noneInvoker } from './datasources/none.js';
import { createFieldResolver } from './field-resolver.js';
import { assertAppSyncCompatible } from './lint.js';
import { loadCode, type LoadedCode } from './sandbox.js';
import type { DataSourceBinding, FieldResolver, Identity, ResolverInvocation } from './types.js';

export { matchesSubscriptionFilter } from './filters.js';
export * from './types.js';

export interface LoadFieldResolversOptions {
  rootDir: string;
  resolvers: readonly ResolverSpec[];
  dataSources: Readonly<Record<string, DataSourceSpec>>;
  bindings: Readonly<Record<string, DataSourceBinding>>;
  /** AppSync's environment variables (ctx.env) as this runtime binds them. */
  environment?: Readonly<Record<string, string>>;
  /** How the server tells resolvers which auth mode the caller used (util.authType()). */
  authTypeOf?: (invocation: ResolverInvocation) => string;
}

/** util.authType()'s words, told apart by the shape of ctx.identity each mode produces. */
export function authTypeOfIdentity(identity: Identity | undefined): string {
  if (!identity) return 'API Key Authorization';
  if ('userArn' in identity) return 'IAM Authorization';
  if ('defaultAuthStrategy' in identity) return 'User Pool Authorization';
  if ('resolverContext' in identity) return 'Lambda Authorization';
  return 'Open ID Connect Authorization';
}

export async function loadFieldResolvers(o: LoadFieldResolversOptions): Promise<Map<string, FieldResolver>> {
  const invokers = new Map<string, DataSourceInvoker>();
  const invokerFor = (name: string): DataSourceInvoker => {
    const spec = o.dataSources[name];
    const binding = o.bindings[name];
    if (!spec) throw new Error(`Data source "${name}" is not declared in the wiring`);
    if (!binding || binding.type !== spec.type) throw new Error(`Data source "${name}" (${spec.type}) has no matching local binding`);
    let invoker = invokers.get(name);
    if (!invoker) {
      invoker = binding.type === 'AMAZON_DYNAMODB' ? dynamodbInvoker(binding) : binding.type === 'AWS_LAMBDA' ? lambdaInvoker(binding) : noneInvoker;
      invokers.set(name, invoker);
    }
    return invoker;
  };
  const codeCache = new Map<string, Promise<LoadedCode>>();
  const codeFor = (path: string) => {
    let code = codeCache.get(path);
    if (!code) {
      code = assertAppSyncCompatible(o.rootDir, path).then(async () => loadCode(path, await bundleResolver(path, o.rootDir)));
      codeCache.set(path, code);
    }
    return code;
  };
  const authTypeOf = o.authTypeOf ?? ((inv: ResolverInvocation) => authTypeOfIdentity(inv.identity));

  const resolvers = new Map<string, FieldResolver>();
  for (const spec of o.resolvers) {
    const common = { typeName: spec.typeName, fieldName: spec.fieldName, authTypeOf, env: o.environment };
    const resolver =
      spec.kind === 'UNIT'
        ? createFieldResolver({ ...common, unit: { code: await codeFor(spec.code), dataSource: invokerFor(spec.dataSource) } })
        : createFieldResolver({
            ...common,
            pipeline: {
              code: await codeFor(spec.code),
              functions: await Promise.all(spec.functions.map(async (fn) => ({ code: await codeFor(fn.code), dataSource: invokerFor(fn.dataSource) }))),
            },
          });
    resolvers.set(`${spec.typeName}.${spec.fieldName}`, resolver);
  }
  return resolvers;
}
