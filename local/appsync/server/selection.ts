/** Reads selection sets the way AppSync exposes and applies them (fragments expanded). */
import { getNamedType, isAbstractType, isObjectType, Kind, print, type FieldNode, type FragmentDefinitionNode, type GraphQLOutputType, type SelectionSetNode } from 'graphql';

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
 * Shapes a published value for one subscriber: its own fields and aliases; fields the triggering
 * mutation did not select arrive as null, as in AppSync. `__typename` is answered at every level
 * from the schema (`type` is the subscription field's), as AppSync resolves it: Apollo asks for it
 * in every selection and normalises its cache by it. An interface or union has no one name: the
 * value's own `__typename` is kept when the mutation returned it, else null.
 */
export function shapeForSubscriber(value: unknown, set: SelectionSetNode | undefined, fragments: Fragments, type?: GraphQLOutputType): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => shapeForSubscriber(v, set, fragments, type));
  if (!set || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const named = type ? getNamedType(type) : undefined;
  const fields = isObjectType(named) ? named.getFields() : undefined;
  const typename = isObjectType(named) ? named.name : isAbstractType(named) && typeof source.__typename === 'string' ? source.__typename : null;
  const out: Record<string, unknown> = {};
  for (const field of fieldsOf(set, fragments)) {
    const key = field.alias?.value ?? field.name.value;
    out[key] = field.name.value === '__typename' ? typename : shapeForSubscriber(source[field.name.value], field.selectionSet, fragments, fields?.[field.name.value]?.type);
  }
  return out;
}
