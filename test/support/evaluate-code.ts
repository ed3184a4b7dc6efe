/**
 * A resolver unit test's one tool: a project resolver, bundled as `infra/` deploys it, evaluated
 * by AppSync's EvaluateCode through `@aws-sdk/client-appsync` against the local engine: a test
 * stack, or `npm start` given its URL and the local credentials (docs/testing.md).
 */
import { AppSyncClient, EvaluateCodeCommand, type EvaluateCodeCommandOutput } from '@aws-sdk/client-appsync';
import { bundleResolver } from '../../api/bundle-resolver.js';
import { repoRoot } from './paths.js';

export interface EvaluateTarget {
  /** The engine's GraphQL URL (its origin is the control plane's endpoint too). */
  graphqlUrl: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export function resolverEvaluator(target: EvaluateTarget) {
  const client = new AppSyncClient({ endpoint: new URL(target.graphqlUrl).origin, region: target.region, credentials: target.credentials, maxAttempts: 1 });
  const bundles = new Map<string, Promise<string>>();
  // The inline source map only helps the engine's own stack traces; AppSync counts it against its 32 KiB code limit.
  const bundled = (path: string) => bundles.get(path) ?? bundles.set(path, bundleResolver(path, repoRoot).then((code) => code.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n'))).get(path)!;
  return {
    /** Runs one handler of `resolvers/…` against a context; the answer is EvaluateCode's, parsed where it is JSON. */
    async evaluate(path: string, handler: 'request' | 'response', context: Record<string, unknown>) {
      const out: EvaluateCodeCommandOutput = await client.send(
        new EvaluateCodeCommand({ runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' }, code: await bundled(path), context: JSON.stringify(context), function: handler }),
      );
      return {
        result: out.evaluationResult === undefined ? undefined : (JSON.parse(out.evaluationResult) as unknown),
        error: out.error,
        logs: out.logs ?? [],
        outErrors: out.outErrors === undefined ? [] : (JSON.parse(out.outErrors) as Array<{ message: string; errorType: string | null }>),
      };
    },
    close: () => client.destroy(),
  };
}
