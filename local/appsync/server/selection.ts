/** Reads selection sets the way AppSync exposes and applies them (fragments expanded). */
import { Kind, print, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

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
 * mutation did not select arrive as null, as in AppSync.
 */
export function shapeForSubscriber(value: unknown, set: SelectionSetNode | undefined, fragments: Fragments, typename?: string): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => shapeForSubscriber(v, set, fragments, typename));
  if (!set || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of fieldsOf(set, fragments)) {
    const key = field.alias?.value ?? field.name.value;
    out[key] = field.name.value === '__typename' ? (typename ?? null) : shapeForSubscriber(source[field.name.value], field.selectionSet, fragments);
  }
  return out;
}
