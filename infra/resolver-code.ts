/**
 * The APPSYNC_JS code the stack deploys: every code file the wiring names, bundled by the same
 * `bundleResolver` the local engine uses. Bundling is asynchronous, so it happens before the
 * stack is constructed and the stack receives plain strings.
 */
import { bundleResolver } from '../api/bundle-resolver.js';
import type { ResolverSpec } from '../api/wiring.js';

/** Bundled code by the wiring's code path (e.g. `resolvers/Query.blob.ts`). */
export type ResolverCode = ReadonlyMap<string, string>;

export function codePathsOf(resolvers: readonly ResolverSpec[]): string[] {
  const paths = resolvers.flatMap((r) => (r.kind === 'PIPELINE' ? [r.code, ...r.functions.map((f) => f.code)] : [r.code]));
  return [...new Set(paths)];
}

export async function bundleResolverCode(resolvers: readonly ResolverSpec[], rootDir: string): Promise<ResolverCode> {
  const paths = codePathsOf(resolvers);
  const bundles = await Promise.all(paths.map((path) => bundleResolver(path, rootDir)));
  return new Map(paths.map((path, i) => [path, bundles[i]]));
}

export function codeFor(code: ResolverCode, path: string): string {
  const bundle = code.get(path);
  if (bundle === undefined) throw new Error(`No bundled APPSYNC_JS code for ${path}; bundle every path the wiring names (bundleResolverCode)`);
  return bundle;
}
