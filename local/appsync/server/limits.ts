/**
 * The request limits AppSync applies, as the engine applies them: query depth at validation, the
 * resolver count as resolvers run. The values come from `api/request-limits.ts`, the declaration
 * the deployed API's QueryDepthLimit and ResolverCountLimit are set from.
 */
import { GraphQLError, Kind, type ASTVisitor, type ValidationContext, type SelectionSetNode } from 'graphql';
import { requestLimits, type RequestLimits } from '../../../api/request-limits.js';

export type { RequestLimits } from '../../../api/request-limits.js';

export const defaultLimits: RequestLimits = requestLimits;

/** AppSync's errorType when a request runs more resolvers than ResolverCountLimit. */
export const RESOLVER_LIMIT_ERROR_TYPE = 'ResolverExecutionLimitReached';

export function resolverLimitError(limit: number): GraphQLError {
  return new GraphQLError(`Resolver invocation limit of ${limit} reached.`, { extensions: { errorType: RESOLVER_LIMIT_ERROR_TYPE } });
}

export function depthRule(limits: Pick<RequestLimits, 'queryDepthLimit'>) {
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
    return {
      OperationDefinition(node) {
        const d = depth(node.selectionSet, new Set());
        if (d > limits.queryDepthLimit) context.reportError(new GraphQLError(`Query depth ${d} exceeds the maximum of ${limits.queryDepthLimit}.`, { nodes: node }));
      },
    };
  };
}
