// StrykerJS on the security-critical modules: `npm run mutation` (not part of `npm test`).
// Only the tests in vitest.mutation.config.ts run, and per mutant only those that cover it
// (coverageAnalysis: perTest). Per-module thresholds: scripts/mutation-thresholds.ts.
// See docs/mutation-testing.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // Stryker would prepend `// @ts-nocheck` to every file under test/ (fixtures included), which
  // shifts the line numbers the engine's lint test expects. vitest does not type-check anyway.
  disableTypeChecks: false,
  mutate: [
    'functions/lib/callback-url.ts',
    'functions/lib/address-policy.ts',
    'functions/lib/webhook/guarded-request.ts',
    'functions/lib/webhook/deliver.ts',
    'functions/lib/webhook/secret.ts',
    'functions/lib/blob-repository.ts',
    'resolvers/lib/owner.ts',
    'local/sigv4/verify.ts',
    'local/appsync/server/auth/authenticate.ts',
    'local/appsync/server/auth/tokens.ts',
    'local/appsync/server/auth/lambda.ts',
    'local/appsync/server/auth/discovery.ts',
    // the IAM evaluator every stand-in asks (docs/iam.md)
    'local/iam/evaluate.ts',
    'local/iam/wildcard.ts',
    'local/iam/conditions.ts',
    'local/iam/policy.ts',
  ],
  // Two cores, shared with other people's runs.
  concurrency: 2,
  // Mutants that make a test wait for its deadline (a webhook never answered) count as killed
  // by timeout; keep that wait bounded.
  timeoutMS: 60_000,
  timeoutFactor: 2,
  thresholds: { high: 90, low: 80, break: 80 },
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  // No leading dot: ESLint's flat config (local/appsync/runtime/lint.ts) matches no file under a dot folder.
  tempDirName: 'stryker-tmp',
  ignorePatterns: ['/.blobs', '/infra/cdk.out', '/web/dist', '/reports', '/test-artifacts', '/bench/.tmp', '/.scratch'],
  cleanTempDir: 'always',
};
