/**
 * The AWS calls written in one source file: each `new XCommand(…)` of a package in
 * aws-calls.ts (sent or presigned alike: a presigned URL carries its signer's permission), and
 * each request signer. For each, the IAM actions it needs and what its resource is made of,
 * read from the input's types: a VersionId that may be undefined needs both actions, an
 * IndexName or a key prefix is read where the checker knows it as a constant.
 */
import ts from 'typescript';
import { SDK_COMMANDS, SIGNED_REQUESTS, SIGNER_PACKAGE, type CommandSpec, type Service, type Target } from './aws-calls.js';
import { staticPrefix, stringLiteralOf } from './static-strings.js';

export interface Need {
  action: string;
  target: Target;
  /** The key prefix (object), the index (table) or the field (graphql-field). */
  detail?: string;
}

export interface CallSite {
  /** `GetObjectCommand`, or `SignatureV4(appsync)`. */
  command: string;
  service: Service;
  node: ts.Node;
  needs: Need[];
  /** Set when the package is known but the command is not in aws-calls.ts. */
  unmapped?: boolean;
}

export function callSitesIn(file: ts.SourceFile, checker: ts.TypeChecker): CallSite[] {
  const sites: CallSite[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node)) {
      const site = callSiteOf(node, checker);
      if (site) sites.push(site);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return sites;
}

/** The package a constructor comes from, e.g. `@aws-sdk/client-s3`. */
function packageOf(expression: ts.Expression, checker: ts.TypeChecker): { name: string; pkg: string } | undefined {
  let symbol = checker.getSymbolAtLocation(expression);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.declarations?.[0];
  const match = declaration && /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(declaration.getSourceFile().fileName.replace(/\\/g, '/'));
  return match && symbol ? { name: symbol.name, pkg: match[1] } : undefined;
}

function callSiteOf(node: ts.NewExpression, checker: ts.TypeChecker): CallSite | undefined {
  const origin = packageOf(node.expression, checker);
  if (!origin) return undefined;
  const input = node.arguments?.[0];
  if (origin.pkg === SIGNER_PACKAGE && origin.name === 'SignatureV4') {
    const service = input && stringLiteralOf(propertyValue(input, 'service', checker), checker);
    const signed = service ? SIGNED_REQUESTS[service] : undefined;
    if (!signed) return undefined;
    const fields = graphqlFieldsIn(node.getSourceFile());
    return { command: `SignatureV4(${service})`, service: signed.service, node, needs: fields.map((detail) => ({ action: signed.spec.action, target: signed.spec.target, detail })) };
  }
  const known = SDK_COMMANDS[origin.pkg];
  if (!known || !origin.name.endsWith('Command')) return undefined;
  const spec = known.commands[origin.name];
  if (!spec) return { command: origin.name, service: known.service, node, needs: [], unmapped: true };
  return { command: origin.name, service: known.service, node, needs: needsOf(spec, input, checker) };
}

function needsOf(spec: CommandSpec, input: ts.Expression | undefined, checker: ts.TypeChecker): Need[] {
  const needs: Need[] = [];
  const inputType = input && checker.getTypeAtLocation(input);
  if (spec.target === 'object') {
    const detail = input ? staticPrefix(propertyValue(input, 'Key', checker), checker) : '';
    for (const action of versionActions(spec, property(inputType, 'VersionId', checker))) needs.push({ action, target: 'object', detail });
  } else if (spec.target === 'table') {
    const index = input ? stringLiteralOf(propertyValue(input, 'IndexName', checker), checker) : undefined;
    const named = property(inputType, 'IndexName', checker);
    // An index the checker cannot name: any index of the table.
    needs.push({ action: spec.action, target: 'table', detail: index ?? (named ? '*' : undefined) });
  } else {
    needs.push({ action: spec.action, target: spec.target });
  }
  if (spec.readsS3Object && inputType) {
    const s3Object = propertyType(propertyType(inputType, 'Image', checker), 'S3Object', checker);
    if (s3Object) for (const action of versionActions({ action: 's3:GetObject', versioned: 's3:GetObjectVersion', target: 'object' }, property(s3Object, 'Version', checker))) needs.push({ action, target: 'object', detail: '' });
  }
  return needs;
}

/** The plain action, the *Version one, or both when the version may be undefined. */
function versionActions(spec: CommandSpec, version: { type: ts.Type; optional: boolean } | undefined): string[] {
  if (!spec.versioned || !version) return [spec.action];
  const parts = version.type.isUnion() ? version.type.types : [version.type];
  const mayBeAbsent = version.optional || parts.some((t) => t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void));
  const mayBePresent = parts.some((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
  return [...(mayBeAbsent ? [spec.action] : []), ...(mayBePresent ? [spec.versioned] : [])];
}

/** A property's type in `type` (undefined when it has none), and whether it is optional. */
function property(type: ts.Type | undefined, name: string, checker: ts.TypeChecker): { type: ts.Type; optional: boolean } | undefined {
  const symbol = type && checker.getNonNullableType(type).getProperty(name);
  return symbol ? { type: checker.getTypeOfSymbol(symbol), optional: (symbol.flags & ts.SymbolFlags.Optional) !== 0 } : undefined;
}

const propertyType = (type: ts.Type | undefined, name: string, checker: ts.TypeChecker) => property(type, name, checker)?.type;

/** The expression a property of an object literal is given, following a shorthand `{ Key }`. */
function propertyValue(input: ts.Expression, name: string, checker: ts.TypeChecker): ts.Expression | undefined {
  if (!ts.isObjectLiteralExpression(input)) return undefined;
  for (const property of input.properties) {
    if (!property.name || !ts.isIdentifier(property.name) || property.name.text !== name) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) {
      const declaration = checker.getShorthandAssignmentValueSymbol(property)?.valueDeclaration;
      return declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? declaration.initializer : property.name;
    }
  }
  return undefined;
}

/** `Mutation/fields/publishBlobLabelled` for each GraphQL document the file spells out. */
function graphqlFieldsIn(file: ts.SourceFile): string[] {
  const fields = new Set<string>();
  const visit = (node: ts.Node) => {
    const text = ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node) ? node.text : ts.isTemplateExpression(node) ? node.head.text : undefined;
    const match = text && /^\s*(query|mutation|subscription)\b[^{]*\{\s*(\w+)/.exec(text);
    if (match) fields.add(`${match[1][0].toUpperCase()}${match[1].slice(1)}/fields/${match[2]}`);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return [...fields];
}
