/**
 * The tests `npm run mutation` (StrykerJS) runs against each mutant: only those that cover the
 * security-critical modules listed in stryker.config.mjs, all in-process and without the
 * browser or child processes, so one mutant costs seconds, not the whole suite.
 * Keep this list and stryker.config.mjs's `mutate` in step (docs/mutation-testing.md).
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export const MUTATION_TESTS = [
  // callback URL and address policy, webhook signing and delivery, the webhook secret
  'test/functions/ssrf.test.ts',
  'test/functions/guarded-request.test.ts',
  'test/functions/webhook.test.ts',
  'test/functions/webhook-secret-source.test.ts',
  'test/functions/callback-url-edges.test.ts',
  // the blob repository's conditional writes, and the handler's lease takeover
  'test/functions/blob-repository.test.ts',
  'test/hardening/notification-lease.test.ts',
  // owner helpers in resolvers/lib/
  'test/resolvers/owner.test.ts',
  // SigV4 verification (engine IAM mode, S3 headers and presigned URLs), the engine's auth modes and tokens
  'test/engine/engine.test.ts',
  'test/engine/engine-realtime.test.ts',
  'test/engine/token-auth.test.ts',
  'test/engine/token-default-mode.test.ts',
  'test/engine/token-verifier.test.ts',
  'test/engine/oidc-discovery.test.ts',
  // the Lambda authorizer on its own clock, and OIDC discovery's document and refusals
  'test/engine/lambda-authorizer.test.ts',
  'test/engine/oidc-discovery-document.test.ts',
  'test/engine/amplify-iam.test.ts',
  'test/engine/amplify-unauthorized.test.ts',
  'test/s3/local-s3.test.ts',
  // SigV4 verification on its own: header-signed and presigned requests made by @smithy/signature-v4
  'test/local/sigv4-verify.test.ts',
  'test/local/sigv4-presigned.test.ts',
  // the IAM evaluator, against @cloud-copilot/iam-simulate as the oracle
  'test/iam/evaluator-oracle.test.ts',
  // ... and in-process unit tests: decisions, Principal matching, wildcards, variables, operators, parsing
  'test/iam/evaluator.test.ts',
  'test/iam/conditions.test.ts',
  'test/iam/policy.test.ts',
];

// Replaces the base config's include and globalSetup (mergeConfig would append to them).
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: MUTATION_TESTS,
    // No CLI build and no leak sweep: none of these tests starts a process.
    globalSetup: [],
  },
});
