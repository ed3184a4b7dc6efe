/**
 * Per-module mutation-score thresholds for `npm run mutation` (StrykerJS has one global `break`).
 * Reads Stryker's JSON report and fails when any module scores below its threshold, or when a
 * module listed here was not mutated at all (a renamed file must not drop out silently).
 * Score = (killed + timed out) / (killed + timed out + survived + no coverage), as Stryker counts it.
 */
import { readFileSync } from 'node:fs';

/** ≥ 80 everywhere; higher where the module is small and every mutant is killed. */
export const THRESHOLDS: Record<string, number> = {
  'functions/lib/callback-url.ts': 80,
  'functions/lib/address-policy.ts': 80,
  'functions/lib/webhook/guarded-request.ts': 80,
  'functions/lib/webhook/deliver.ts': 80,
  'functions/lib/webhook/secret.ts': 80,
  'functions/lib/blob-repository.ts': 80,
  'resolvers/lib/owner.ts': 80,
  'local/sigv4/verify.ts': 80,
  'local/appsync/server/auth/authenticate.ts': 80,
  'local/appsync/server/auth/tokens.ts': 80,
  'local/appsync/server/auth/lambda.ts': 100,
  'local/appsync/server/auth/discovery.ts': 100,
  'local/iam/evaluate.ts': 80,
  'local/iam/wildcard.ts': 80,
  'local/iam/conditions.ts': 80,
  'local/iam/policy.ts': 80,
};

interface Report {
  files: Record<string, { mutants: Array<{ status: string }> }>;
}

const reportFile = process.argv[2] ?? 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
const normalise = (file: string) => file.replace(/\\/g, '/').replace(/^.*?(?=(functions|resolvers|local)\/)/, '');
const byModule = new Map(Object.entries(report.files).map(([file, { mutants }]) => [normalise(file), mutants]));

let failed = false;
console.log('module'.padEnd(44), 'score'.padStart(7), 'threshold'.padStart(10), ' killed timeout survived no-cov');
for (const [module, threshold] of Object.entries(THRESHOLDS)) {
  const mutants = byModule.get(module);
  if (!mutants) {
    console.log(`${module.padEnd(44)} NOT MUTATED (is it still in stryker.config.mjs?)`);
    failed = true;
    continue;
  }
  const count = (status: string) => mutants.filter((m) => m.status === status).length;
  const [killed, timeout, survived, noCoverage] = [count('Killed'), count('Timeout'), count('Survived'), count('NoCoverage')];
  const valid = killed + timeout + survived + noCoverage;
  const score = valid === 0 ? 100 : (100 * (killed + timeout)) / valid;
  const ok = score >= threshold;
  if (!ok) failed = true;
  console.log(`${module.padEnd(44)} ${score.toFixed(2).padStart(7)} ${String(threshold).padStart(10)}  ${String(killed).padStart(6)} ${String(timeout).padStart(7)} ${String(survived).padStart(8)} ${String(noCoverage).padStart(6)}${ok ? '' : '  BELOW THRESHOLD'}`);
}
process.exitCode = failed ? 1 : 0;
