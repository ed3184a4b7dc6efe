/**
 * One declaration of request limits, applied by both runtimes (issue 23): the synthesized
 * template carries AppSync's QueryDepthLimit and ResolverCountLimit, and the local engine refuses
 * the query one level deeper than the template allows while accepting one at the limit.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { APPSYNC_LIMIT_RANGES, requestLimits } from '../../api/request-limits.js';
import { synthesizeTemplate } from '../../infra/synth-template.js';
import { startEngine } from '../engine/harness.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
let apiProps: Record<string, unknown>;
let h: Awaited<ReturnType<typeof startEngine>>;

beforeAll(async () => {
  const template = (await synthesizeTemplate()) as { Resources: Record<string, Resource> };
  const apis = Object.values(template.Resources).filter((r) => r.Type === 'AWS::AppSync::GraphQLApi');
  expect(apis).toHaveLength(1);
  apiProps = apis[0].Properties;
  // No override: the engine runs with the declared limits, as `npm start` does.
  h = await startEngine({}, { limits: {} });
}, 240_000);
afterAll(async () => h?.close());

describe('the template', () => {
  it("sets AppSync's own limits from the declaration, inside AppSync's ranges", () => {
    expect(apiProps.QueryDepthLimit).toBe(requestLimits.queryDepthLimit);
    expect(apiProps.ResolverCountLimit).toBe(requestLimits.resolverCountLimit);
    for (const key of ['queryDepthLimit', 'resolverCountLimit'] as const) {
      expect(requestLimits[key]).toBeGreaterThanOrEqual(APPSYNC_LIMIT_RANGES[key].min);
      expect(requestLimits[key]).toBeLessThanOrEqual(APPSYNC_LIMIT_RANGES[key].max);
    }
  });
});

describe('the engine', () => {
  // __schema { types { ofType^n { name } } } is n + 3 levels deep; introspection reaches any depth.
  const ofDepth = (depth: number) => `{ __schema { types { ${'ofType { '.repeat(depth - 3)}name${' }'.repeat(depth - 3)} } } }`;

  it('accepts a query exactly as deep as the template allows and refuses one level more', async () => {
    const limit = apiProps.QueryDepthLimit as number;
    expect((await h.post(ofDepth(limit))).body.errors).toBeUndefined();
    const refused = await h.post(ofDepth(limit + 1));
    expect(refused.status).toBe(200);
    expect(refused.body).toEqual({
      data: null,
      errors: [expect.objectContaining({ errorType: 'ValidationError', message: `Query depth ${limit + 1} exceeds the maximum of ${limit}.` })],
    });
  });
});
