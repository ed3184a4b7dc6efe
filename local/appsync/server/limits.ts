/** Request limits: a cheap guard against queries built to exhaust the engine. */
import { GraphQLError, Kind, type ASTVisitor, type ValidationContext, type SelectionSetNode } from 'graphql';

export interface RequestLimits {
  /** Largest request body accepted, in bytes (HTTP 413 beyond). */
  maxBodyBytes: number;
  /** graphql-js stops parsing after this many tokens. */
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
}

export const defaultLimits: RequestLimits = { maxBodyBytes: 1_000_000, maxTokens: 5_000, maxDepth: 12, maxAliases: 30 };

export function depthAndAliasRule(limits: RequestLimits) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = Object.fromEntries(context.getDocument().definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    const depth = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let max = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) max = Math.max(max, s.selectionSet ? 1 + depth(s.selectionSet, seen) : 1);
        else if (s.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depth(s.selectionSet, seen));
        else if (!seen.has(s.name.value) && fragments[s.name.value]) max = Math.max(max, depth(fragments[s.name.value].selectionSet, new Set([...seen, s.name.value])));
      }
      return max;
    };
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias && ++aliases === limits.maxAliases + 1) context.reportError(new GraphQLError(`Query uses more than ${limits.maxAliases} aliases.`, { nodes: node }));
      },
      OperationDefinition(node) {
        const d = depth(node.selectionSet, new Set());
        if (d > limits.maxDepth) context.reportError(new GraphQLError(`Query depth ${d} exceeds the maximum of ${limits.maxDepth}.`, { nodes: node }));
      },
    };
  };
}
