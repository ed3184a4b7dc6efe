/**
 * WAF offline, against `npm start` (issue 23): with BLOBS_WAF=true the stack applies the rate
 * rule and the body-size rule of the template it runs (here one synthesized with
 * `-c wafRateLimit=20 -c wafRateWindowSeconds=60`), and answers a block as WAF does: the GraphQL
 * endpoint as AppSync (403 WAFForbiddenException), the REST API as API Gateway (403 Forbidden).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeTemplate } from '../../infra/synth-template.js';
import { spawnStack, type StackProcess } from '../support/stack-process.js';

const RATE_LIMIT = 20;
let dataDir: string;
let stack: StackProcess;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'blobs-waf-'));
  const templateFile = join(dataDir, 'template.json');
  await writeFile(templateFile, JSON.stringify(await synthesizeTemplate({ wafRateLimit: String(RATE_LIMIT), wafRateWindowSeconds: '60', wafMaxBodyBytes: '2048' })));
  stack = await spawnStack({ dataDir, env: { BLOBS_WAF: 'true', BLOBS_TEMPLATE: templateFile } });
}, 300_000);
afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const graphql = (body: string) => fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey }, body });
const restUrl = () => `${(stack.outputs.custom as { rest_api_url: string }).rest_api_url}/blobs/no-such-blob`;

describe('WAF offline', () => {
  it('blocks a body over the size rule before the API runs, then the requests past the rate limit on both APIs', async () => {
    const large = await graphql(JSON.stringify({ query: `{ blob(id: "x") { id } } # ${'x'.repeat(3000)}` }));
    expect(large.status).toBe(403);
    expect(await large.json()).toEqual({ errors: [{ errorType: 'WAFForbiddenException', message: '403 Forbidden' }] });

    // That refused request counted: RATE_LIMIT - 1 more are within the limit, whatever they ask.
    const small = JSON.stringify({ query: '{ blob(id: "x") { id } }' });
    for (let i = 1; i < RATE_LIMIT; i++) {
      const res = await graphql(small);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { blob: null } });
    }
    const over = await graphql(small);
    expect(over.status).toBe(403);
    expect(over.headers.get('x-amzn-errortype')).toBe('WAFForbiddenException');
    expect(await over.json()).toEqual({ errors: [{ errorType: 'WAFForbiddenException', message: '403 Forbidden' }] });

    // One web ACL in front of both: the same client is refused by the REST API too, as API Gateway words it.
    const rest = await fetch(restUrl(), { headers: { 'x-api-key': stack.apiKey } });
    expect(rest.status).toBe(403);
    expect(await rest.json()).toEqual({ message: 'Forbidden' });
  });
});
