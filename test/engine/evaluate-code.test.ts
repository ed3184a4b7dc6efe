/**
 * The engine's EvaluateCode (local/appsync/evaluate-code/), through the real
 * `@aws-sdk/client-appsync` pointed at the engine's port: results, logs, stash and errors;
 * one CodeError per construct the APPSYNC_JS runtime refuses; SigV4 and IAM refusals with the
 * control plane's error codes; and EvaluateMappingTemplate's "not supported".
 */
import { AppSyncClient, EvaluateCodeCommand, EvaluateMappingTemplateCommand, type EvaluateCodeCommandInput } from '@aws-sdk/client-appsync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIamAuthority } from '../../local/iam/index.js';
import { IAM, startEngine } from './harness.js';

const region = 'us-east-1';
/** A key the local IAM knows but whose role has no policy: signed correctly, allowed nothing. */
const NO_GRANTS = { accessKeyId: 'ASIANOGRANTS0000', secretAccessKey: 'no-grants-secret' };
const runtime = { name: 'APPSYNC_JS' as const, runtimeVersion: '1.0.0' };

let engine: Awaited<ReturnType<typeof startEngine>>;
let client: AppSyncClient;
const clientWith = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
  new AppSyncClient({ endpoint: new URL(engine.engine.url).origin, region, credentials, maxAttempts: 1 });

beforeAll(async () => {
  const authority = createIamAuthority({
    enforce: true,
    holders: [
      { credentials: IAM, principal: { arn: 'arn:aws:iam::123456789012:user/local-admin', policies: [], administrator: true } },
      { credentials: NO_GRANTS, principal: { arn: 'arn:aws:sts::123456789012:assumed-role/NoGrants/test', role: 'NoGrants', policies: [] } },
    ],
    onDenial: () => {},
  });
  engine = await startEngine({ iam: { region, accountId: '123456789012', credentials: [IAM, NO_GRANTS], authority } });
  client = clientWith(IAM);
});
afterAll(async () => {
  client?.destroy();
  await engine?.close();
});

const evaluate = (code: string, context: unknown, fn: EvaluateCodeCommandInput['function'] = 'request') =>
  client.send(new EvaluateCodeCommand({ runtime, code, context: JSON.stringify(context), function: fn }));

describe('evaluation', () => {
  it('returns the handler result, its console lines and the stash', async () => {
    const code = `import { util } from '@aws-appsync/utils';
export function request(ctx) {
  console.log('evaluating', ctx.args.id);
  ctx.stash.seen = true;
  return { operation: 'GetItem', key: util.dynamodb.toMapValues({ id: ctx.args.id }), auth: util.authType() };
}
export function response(ctx) { return ctx.result; }`;
    const out = await evaluate(code, { arguments: { id: 'b-1' } });
    expect(out.error).toBeUndefined();
    expect(JSON.parse(out.evaluationResult!)).toEqual({ operation: 'GetItem', key: { id: { S: 'b-1' } }, auth: 'API Key Authorization' });
    expect(out.logs).toEqual(['INFO - evaluating b-1']);
    expect(JSON.parse(out.stash!)).toEqual({ seen: true });
  });

  it('evaluates the response handler against ctx.result', async () => {
    const out = await evaluate('export function request() { return {}; }\nexport function response(ctx) { return ctx.result.items.length; }', { result: { items: [1, 2, 3] } }, 'response');
    expect(out.evaluationResult).toBe('3');
  });

  it('reports util.error as the error, with its type in outErrors, and util.appendError in outErrors', async () => {
    const code = `import { util } from '@aws-appsync/utils';
export function request(ctx) { util.appendError('first', 'Warning'); util.error('no such blob', 'NotFound'); }`;
    const out = await evaluate(code, { info: { fieldName: 'blob', parentTypeName: 'Query' } });
    expect(out.evaluationResult).toBeUndefined();
    expect(out.error).toEqual({ message: 'no such blob' });
    expect(JSON.parse(out.outErrors!)).toEqual([
      { message: 'first', errorType: 'Warning', data: null, errorInfo: null },
      { message: 'no such blob', errorType: 'NotFound', data: null, errorInfo: null },
    ]);
  });

  it('returns the early-returned value of runtime.earlyReturn', async () => {
    const code = `import { runtime } from '@aws-appsync/utils';
export function request(ctx) { runtime.earlyReturn({ cached: ctx.args.id }); return { never: true }; }`;
    expect(JSON.parse((await evaluate(code, { arguments: { id: 'x' } })).evaluationResult!)).toEqual({ cached: 'x' });
  });

  it('reports a handler that throws as a RUNTIME_ERROR', async () => {
    const out = await evaluate('export function request(ctx) { return ctx.args.missing.deeper; }', { arguments: {} });
    expect(out.error?.message).toMatch(/Cannot read properties of undefined/);
    expect(out.error?.codeErrors).toEqual([{ errorType: 'RUNTIME_ERROR', value: out.error?.message, location: { line: 0, column: 0, span: -1 } }]);
  });
});

/**
 * One snippet per rule of the runtime's static restrictions (the plugin's `base` set), with the
 * CodeError it gets: the rule's message, and line, column and span of the refused construct.
 */
const refused: Array<[construct: string, code: string, value: string, line: number, column: number, span: number]> = [
  ['try/catch', 'export function request(ctx) {\n  try { return {}; } catch (e) { return {}; }\n}', 'Try statements are not supported.', 2, 3, 43],
  ['async', 'export async function request(ctx) { return {}; }', 'Async functions are not supported.', 1, 8, 42],
  ['await', 'export function request(ctx) { return await ctx.args; }', 'The `await` keyword is not supported', 1, 39, 14],
  ['a class', 'class Item {}\nexport function request(ctx) { return {}; }', 'Class declarations are not supported.', 1, 1, 13],
  ['a classic for', 'export function request(ctx) { for (let i = 0; i < 3; i += 1) {} return {}; }', 'For statements are not supported.', 1, 32, 33],
  ['while', 'export function request(ctx) { while (ctx.args.x) {} return {}; }', 'While statements are not supported.', 1, 32, 21],
  ['do … while', 'export function request(ctx) { do {} while (ctx.args.x); return {}; }', 'do...while statements are not supported.', 1, 32, 25],
  ['continue', 'export function request(ctx) { for (const x of ctx.args.xs) { continue; } return {}; }', 'Continue statements are not supported', 1, 63, 9],
  ['a generator', 'export function* request(ctx) { return {}; }', 'Generator functions are not supported.', 1, 8, 37],
  ['yield', 'export function* request(ctx) { yield 1; }', 'Yield statements are not supported', 1, 33, 7],
  ['a label', 'export function request(ctx) { outer: for (const x of ctx.args.xs) {} return {}; }', 'Labeled statements are not supported.', 1, 32, 38],
  ['a regular expression literal', 'export function request(ctx) { return { ok: /a+/.test(ctx.args.s) }; }', 'Regex literals are not supported.', 1, 45, 4],
  ['this', 'export function request(ctx) { return this; }', 'This expressions are not supported.', 1, 39, 4],
  ['++', 'export function request(ctx) { let n = 0; n++; return { n }; }', 'The operator ++ is not supported', 1, 43, 3],
  ['instanceof', 'export function request(ctx) { return { t: ctx.args instanceof Object }; }', 'The operator instanceof is not supported', 1, 44, 26],
  ['a Promise', 'export function request(ctx) { return new Promise(() => {}); }', 'Promise is not supported', 1, 39, 21],
  ['re-assigning ctx.args', 'export function request(ctx) { ctx.args = {}; return {}; }', 'ctx is readonly. Adding/Updating args is not supported.', 1, 32, 8],
  ['the in operator', "export function request(ctx) { return { has: 'id' in ctx.args }; }", 'in operator is not supported. Use Object.hasOwn().', 1, 46, 16],
];

describe('codeErrors: what APPSYNC_JS refuses, from @aws-appsync/eslint-plugin', () => {
  it.each(refused)('refuses %s with a LINT_ERROR at its location, without running the code', async (_construct, code, value, line, column, span) => {
    const out = await evaluate(code, { arguments: { xs: [] } });
    expect(out.evaluationResult).toBeUndefined();
    expect(out.error?.message).toMatch(/^The code contains errors: /);
    expect(out.error?.codeErrors).toContainEqual({ errorType: 'LINT_ERROR', value, location: { line, column, span } });
  });

  it('lists every refusal, not only the first', async () => {
    const out = await evaluate('export function request(ctx) { for (let i = 0; i < 3; i++) {} return {}; }', {});
    expect(out.error?.codeErrors?.map((e) => e.value)).toEqual(['For statements are not supported.', 'The operator ++ is not supported']);
  });

  it('reports code that does not parse as a PARSER_ERROR, with AppSync\'s wording', async () => {
    const out = await evaluate("export function request(ctx) {\n  return { id: 'x };\n}", {});
    expect(out.error?.codeErrors).toEqual([{ errorType: 'PARSER_ERROR', value: 'Parsing error: Unterminated string literal.', location: { line: 2, column: 20, span: -1 } }]);
  });
});

describe('requests AppSync would refuse', () => {
  it('refuses a context that is not a JSON object with BadRequestException', async () => {
    await expect(client.send(new EvaluateCodeCommand({ runtime, code: 'export function request() { return {}; }', context: '[1, 2]', function: 'request' }))).rejects.toMatchObject({
      name: 'BadRequestException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(client.send(new EvaluateCodeCommand({ runtime, code: 'export function request() { return {}; }', context: '{not json', function: 'request' }))).rejects.toMatchObject({
      name: 'BadRequestException',
      message: expect.stringMatching(/^The context is not valid JSON/),
    });
  });

  it('refuses another runtime version and an unknown function', async () => {
    await expect(client.send(new EvaluateCodeCommand({ runtime: { name: 'APPSYNC_JS', runtimeVersion: '2.0.0' }, code: 'x', context: '{}' }))).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(client.send(new EvaluateCodeCommand({ runtime, code: 'x', context: '{}', function: 'handler' }))).rejects.toMatchObject({
      name: 'BadRequestException',
      message: "Invalid function 'handler': the valid values are request and response.",
    });
  });

  it('answers another control-plane path with UnknownOperationException, leaving /graphql as it was', async () => {
    const res = await fetch(new URL('/v1/apis', engine.engine.url), { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect((await engine.post('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers EvaluateMappingTemplate (VTL) with a clear "not supported"', async () => {
    await expect(client.send(new EvaluateMappingTemplateCommand({ template: '$util.toJson($ctx.args)', context: '{}' }))).rejects.toMatchObject({
      name: 'BadRequestException',
      $metadata: { httpStatusCode: 400 },
      message: expect.stringMatching(/^EvaluateMappingTemplate is not supported by the local engine/),
    });
  });
});

describe('authorization', () => {
  const input = { runtime, code: 'export function request() { return {}; }', context: '{}', function: 'request' as const };

  it('refuses a bad signature with InvalidSignatureException', async () => {
    const forger = clientWith({ accessKeyId: IAM.accessKeyId, secretAccessKey: 'not-the-secret' });
    await expect(forger.send(new EvaluateCodeCommand(input))).rejects.toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
    forger.destroy();
  });

  it('refuses an unknown key with UnrecognizedClientException', async () => {
    const stranger = clientWith({ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'whatever' });
    await expect(stranger.send(new EvaluateCodeCommand(input))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
    stranger.destroy();
  });

  it('refuses an unsigned request with MissingAuthenticationTokenException', async () => {
    const res = await fetch(new URL('/v1/dataplane-evaluatecode', engine.engine.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await res.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('refuses a key whose policies do not allow appsync:EvaluateCode with AccessDeniedException', async () => {
    const roleClient = clientWith(NO_GRANTS);
    await expect(roleClient.send(new EvaluateCodeCommand(input))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('is not authorized to perform: appsync:EvaluateCode on resource: *'),
    });
    roleClient.destroy();
  });
});
