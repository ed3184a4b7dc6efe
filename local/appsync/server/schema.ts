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

export interface LoadedSchema {
  schema: GraphQLSchema;
  /** Modes named by directives on a type, and on each of its fields ("Type" / "Type.field"); absent = none declared. */
  authDirectives: Map<string, AuthMode[]>;
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

  const authDirectives = new Map<string, AuthMode[]>();
  const subscriptionsByMutation = new Map<string, string[]>();
  const modesOf = (directives: readonly ConstDirectiveNode[] | undefined) =>
    [...new Set((directives ?? []).map((d) => directiveModes[d.name.value]).filter((m): m is AuthMode => Boolean(m)))];

  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeModes = modesOf(type.astNode?.directives);
    if (typeModes.length) authDirectives.set(type.name, typeModes);
    for (const field of Object.values(type.getFields())) {
      const fieldModes = modesOf(field.astNode?.directives);
      if (fieldModes.length) authDirectives.set(`${type.name}.${field.name}`, fieldModes);
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

/**
 * AppSync's rule: a field's own directives decide; else its type's; else only the API's
 * default mode may read it.
 */
export function isAllowed(s: LoadedSchema, typeName: string, fieldName: string, mode: AuthMode, defaultMode: AuthMode): boolean {
  const modes = s.authDirectives.get(`${typeName}.${fieldName}`) ?? s.authDirectives.get(typeName);
  return modes ? modes.includes(mode) : mode === defaultMode;
}
