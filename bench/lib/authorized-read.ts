/**
 * blob(id) through the engine with a credential in `Authorization` against the same query with
 * the API key, same stack, same load, in interleaved halves (key, other, key, other) so a busy
 * machine's swings land on both sides. The auth-mode suites (user pool, access tokens) differ
 * only in how they get their credential.
 */
import { BLOB } from '../../test/support/operations.js';
import { prefixed } from '../suites/engine-http.js';
import { LABELLED_ID } from '../suites/blob-query.js';
import { measureLoad, type LoadResult } from './load.js';
import type { Step } from './metrics.js';
import type { BenchStack } from './stack.js';
import { round } from './stats.js';

export interface AuthorizedReadRatio {
  /** The credential's req/s ÷ the API key's. */
  ratio: number;
  /** Req/s and latencies of both sides, keyed `<name>_…` and `apikey_…`. */
  detail: Record<string, number | string>;
}

export async function authorizedReadVsApiKey(step: Step, stack: BenchStack, o: { authorization: string; name: string; described: string; durationSeconds: number }): Promise<AuthorizedReadRatio> {
  const body = JSON.stringify({ query: BLOB, variables: { id: LABELLED_ID } });
  const byKey = { 'content-type': 'application/json', 'x-api-key': stack.apiKey };
  const byCredential = { 'content-type': 'application/json', authorization: o.authorization };
  for (const headers of [byKey, byCredential]) {
    const check = (await (await fetch(stack.graphqlUrl, { method: 'POST', headers, body })).json()) as { data?: { blob?: { status?: string } } };
    if (check.data?.blob?.status !== 'LABELLED') throw new Error(`blob(id) did not return the stored blob: ${JSON.stringify(check)}`);
  }
  const half = Math.max(1, Math.round(o.durationSeconds / 2));
  const runs: Record<'apiKey' | 'credential', LoadResult[]> = { apiKey: [], credential: [] };
  for (let n = 1; n <= 2; n++) {
    step(`blob(id) with the API key, round ${n}: ${half} s of autocannon, 32 connections…`);
    runs.apiKey.push(await measureLoad({ url: stack.graphqlUrl, body, headers: byKey, durationSeconds: half }));
    step(`blob(id) with ${o.described}, round ${n}: ${half} s of autocannon, 32 connections…`);
    runs.credential.push(await measureLoad({ url: stack.graphqlUrl, body, headers: byCredential, durationSeconds: half }));
  }
  const combined = (rs: LoadResult[]) => ({ rps: rs.reduce((s, r) => s + r.rps, 0) / rs.length, p50Ms: Math.max(...rs.map((r) => r.p50Ms)), p99Ms: Math.max(...rs.map((r) => r.p99Ms)), requests: rs.reduce((s, r) => s + r.requests, 0) });
  const summary = (r: ReturnType<typeof combined>) => ({ rps: round(r.rps, 0), p50_ms: round(r.p50Ms, 1), p99_ms: round(r.p99Ms, 1), requests: r.requests });
  const apiKey = combined(runs.apiKey);
  const credential = combined(runs.credential);
  return { ratio: round(credential.rps / apiKey.rps, 3), detail: { ...prefixed(o.name, summary(credential)), ...prefixed('apikey', summary(apiKey)) } };
}
