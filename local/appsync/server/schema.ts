/** Loads schema.graphql the way AppSync reads it: its scalars, its auth directives, its subscriptions. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildASTSchema, isObjectType, parse, type ConstDirectiveNode, type GraphQLSchema } from 'graphql';
import { appsyncScalar } from './scalars.js';

export type AuthMode = 'API_KEY' | 'AWS_IAM' | 'AMAZON_COGNITO_USER_POOLS' | 'OPENID_CONNECT' | 'AWS_LAMBDA';

const directiveModes: Record<string, AuthMode> = {
  aws_api_key: 'API_KEY',
  aws_iam: 'AWS_IAM',
  aws_cognito_user_pools: 'AMAZON_COGNITO_USER_POOLS',
  aws_auth: 'AMAZON_COGNITO_USER_POOLS',
  aws_oidc: 'OPENID_CONNECT',
  aws_lambda: 'AWS_LAMBDA',
};

/** What the auth directives on one type or field allow. */
export interface AuthRule {
  modes: ReadonlySet<AuthMode>;
  /** From `@aws_cognito_user_pools(cognito_groups: […])` / `@aws_auth(…)`: user-pool callers must be in one; null = any user. */
  cognitoGroups: readonly string[] | null;
}

/** The API's settings the rules are read against. */
export interface AuthPolicy {
  defaultMode: AuthMode;
  /** When user pools are the default mode: whether a signed-in user reaches fields that have no directive. */
  userPoolDefaultAction?: 'ALLOW' | 'DENY';
}

export interface LoadedSchema {
  schema: GraphQLSchema;
  /** The rules of directives on a type, and on each of its fields ("Type" / "Type.field"); absent = none declared. */
  authDirectives: Map<string, AuthRule>;
  /** Mutation field → the subscription fields it triggers (@aws_subscribe). */
  subscriptionsByMutation: Map<string, string[]>;
}

const scalarsFile = fileURLToPath(new URL('../../../api/appsync-scalars.graphql', import.meta.url));

export async function loadSchema(rootDir: string, schemaFile: string): Promise<LoadedSchema> {
  const [sdl, predefined] = await Promise.all([readFile(resolve(rootDir, schemaFile), 'utf8'), readFile(scalarsFile, 'utf8')]);
  const document = parse(`${predefined}\n${sdl}`);
  const schema = buildASTSchema(document);

  for (const type of Object.values(schema.getTypeMap())) {
    const scalar = appsyncScalar(type.name);
    if (scalar) Object.assign(type, { parseValue: scalar.parseValue, parseLiteral: scalar.parseLiteral, serialize: scalar.serialize });
  }

  const authDirectives = new Map<string, AuthRule>();
  const subscriptionsByMutation = new Map<string, string[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeRule = ruleOf(type.astNode?.directives);
    if (typeRule) authDirectives.set(type.name, typeRule);
    for (const field of Object.values(type.getFields())) {
      const fieldRule = ruleOf(field.astNode?.directives);
      if (fieldRule) authDirectives.set(`${type.name}.${field.name}`, fieldRule);
      const subscribe = field.astNode?.directives?.find((d) => d.name.value === 'aws_subscribe');
      const mutationsArg = subscribe?.arguments?.find((a) => a.name.value === 'mutations');
      if (mutationsArg?.value.kind === 'ListValue') {
        for (const item of mutationsArg.value.values) {
          if (item.kind !== 'StringValue') continue;
          subscriptionsByMutation.set(item.value, [...(subscriptionsByMutation.get(item.value) ?? []), field.name]);
        }
      }
    }
  }
  return { schema, authDirectives, subscriptionsByMutation };
}

function ruleOf(directives: readonly ConstDirectiveNode[] | undefined): AuthRule | undefined {
  const modes = new Set<AuthMode>();
  let cognitoGroups: string[] | null = null;
  for (const d of directives ?? []) {
    const mode = directiveModes[d.name.value];
    if (!mode) continue;
    modes.add(mode);
    const groups = d.arguments?.find((a) => a.name.value === 'cognito_groups')?.value;
    if (groups?.kind === 'ListValue') {
      cognitoGroups = [...(cognitoGroups ?? []), ...groups.values.flatMap((v) => (v.kind === 'StringValue' ? [v.value] : []))];
    }
  }
  return modes.size ? { modes, cognitoGroups } : undefined;
}

/**
 * AppSync's rule: a field's own directives decide; else its type's; else only the API's
 * default mode may read it (for a user-pool default, only if its default action is ALLOW).
 */
export function effectiveRule(s: LoadedSchema, typeName: string, fieldName: string, policy: AuthPolicy): AuthRule {
  const declared = s.authDirectives.get(`${typeName}.${fieldName}`) ?? s.authDirectives.get(typeName);
  if (declared) return declared;
  const denied = policy.defaultMode === 'AMAZON_COGNITO_USER_POOLS' && policy.userPoolDefaultAction === 'DENY';
  return { modes: new Set(denied ? [] : [policy.defaultMode]), cognitoGroups: null };
}

/** Whether a caller by `mode`, in `groups` (user pools only), passes a rule. */
export function passes(rule: AuthRule, mode: AuthMode, groups: readonly string[] | null): boolean {
  if (!rule.modes.has(mode)) return false;
  if (mode !== 'AMAZON_COGNITO_USER_POOLS' || !rule.cognitoGroups) return true;
  return (groups ?? []).some((g) => rule.cognitoGroups!.includes(g));
}

/** Whether every caller by `mode` passes, whatever their groups. */
export const passesEveryCallerOf = (rule: AuthRule, mode: AuthMode) => rule.modes.has(mode) && (mode !== 'AMAZON_COGNITO_USER_POOLS' || !rule.cognitoGroups);

export function isAllowed(s: LoadedSchema, typeName: string, fieldName: string, mode: AuthMode, policy: AuthPolicy, groups: readonly string[] | null = null): boolean {
  return passes(effectiveRule(s, typeName, fieldName, policy), mode, groups);
}
