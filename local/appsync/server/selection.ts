/** Reads selection sets the way AppSync exposes and applies them (fragments expanded). */
import { getNamedType, GraphQLError, isAbstractType, isObjectType, Kind, print, type FieldNode, type FragmentDefinitionNode, type GraphQLOutputType, type SelectionSetNode } from 'graphql';
import { toAppSyncError, type AppSyncError } from './errors.js';

export type Fragments = Record<string, FragmentDefinitionNode>;

/** The fields a selection set asks for, fragments and inline fragments flattened. */
export function fieldsOf(selectionSet: SelectionSetNode | undefined, fragments: Fragments): FieldNode[] {
  if (!selectionSet) return [];
  return selectionSet.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(s.selectionSet, fragments);
    const fragment = fragments[s.name.value];
    return fragment ? fieldsOf(fragment.selectionSet, fragments) : [];
  });
}

/** AppSync's `info.selectionSetList`: ["id", "labels", "labels/name", ...]. */
export function selectionSetList(nodes: readonly FieldNode[], fragments: Fragments): string[] {
  const out: string[] = [];
  const walk = (set: SelectionSetNode | undefined, prefix: string) => {
    for (const field of fieldsOf(set, fragments)) {
      if (field.name.value === '__typename') continue;
      const path = prefix ? `${prefix}/${field.name.value}` : field.name.value;
      if (!out.includes(path)) out.push(path);
      walk(field.selectionSet, path);
    }
  };
  for (const node of nodes) walk(node.selectionSet, '');
  return out;
}

export function selectionSetGraphQL(nodes: readonly FieldNode[]): string {
  return nodes[0]?.selectionSet ? print(nodes[0].selectionSet) : '';
}

/** Keeps only what a selection asked for (by field name), recursively: what a mutation "returned". */
export function project(value: unknown, set: SelectionSetNode | undefined, fragments: Fragments): unknown {
  if (value === null || value === undefined || !set) return value ?? null;
  if (Array.isArray(value)) return value.map((v) => project(v, set, fragments));
  if (typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of fieldsOf(set, fragments)) {
    const name = field.name.value;
    if (name === '__typename') continue;
    out[name] = project(source[name], field.selectionSet, fragments);
  }
  return out;
}

/**
 * A Lambda-authorised subscriber's deniedFields ("Type.field"), and the errors shaping reports for
 * them: each such field of the event is null with AppSync's Unauthorized error at its path, as
 * the same selection over HTTP answers.
 */
export interface Denial {
  denied: ReadonlySet<string>;
  errors: AppSyncError[];
}

/**
 * Shapes a published value for one subscriber: its own fields and aliases; fields the triggering
 * mutation did not select arrive as null, as in AppSync. `__typename` is answered at every level
 * from the schema (`type` is the subscription field's), as AppSync resolves it: Apollo asks for it
 * in every selection and normalises its cache by it. An interface or union has no one name: the
 * value's own `__typename` is kept when the mutation returned it, else null. With a `denial`,
 * `path` is where `value` sits in the event (the subscription field's alias or name first).
 */
export function shapeForSubscriber(value: unknown, set: SelectionSetNode | undefined, fragments: Fragments, type?: GraphQLOutputType, denial?: Denial, path: ReadonlyArray<string | number> = []): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v, i) => shapeForSubscriber(v, set, fragments, type, denial, [...path, i]));
  if (!set || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const named = type ? getNamedType(type) : undefined;
  const fields = isObjectType(named) ? named.getFields() : undefined;
  const typename = isObjectType(named) ? named.name : isAbstractType(named) && typeof source.__typename === 'string' ? source.__typename : null;
  const out: Record<string, unknown> = {};
  for (const field of fieldsOf(set, fragments)) {
    const key = field.alias?.value ?? field.name.value;
    const name = field.name.value;
    if (name !== '__typename' && denial && typename !== null && denial.denied.has(`${typename}.${name}`)) {
      out[key] = null;
      const message = `Not Authorized to access ${name} on type ${typename}`;
      denial.errors.push(toAppSyncError(new GraphQLError(message, { nodes: [field], path: [...path, key], extensions: { errorType: 'Unauthorized' } })));
      continue;
    }
    out[key] = name === '__typename' ? typename : shapeForSubscriber(source[name], field.selectionSet, fragments, fields?.[name]?.type, denial, [...path, key]);
  }
  return out;
}
