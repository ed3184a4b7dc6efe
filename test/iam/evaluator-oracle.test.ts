/**
 * The local IAM evaluator (local/iam/evaluate.ts) against @cloud-copilot/iam-simulate, a full
 * IAM simulator used here only as a test oracle (it is AGPL-3.0: a devDependency, never shipped
 * or run by `npm start`). Every case must reach the decision the simulator reaches: hand-written
 * policies for each feature the evaluator implements, and every function role of the real template.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { evaluate, parsePolicyDocument, type Decision } from '../../local/iam/index.js';
import { resolveIntrinsics } from '../../local/template/intrinsics.js';
import { localResolver } from '../../local/template/local-names.js';
import { synthesizedTemplate } from '../support/template-edit.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:sts::${ACCOUNT}:assumed-role/FnRole/fn`;
type Request = { action: string; resource: string; context?: Record<string, string> };
type Case = { identity: object[]; resource?: object; requests: Request[] };

const ORACLE: Record<string, Decision> = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };

/** Undefined where the simulator refuses the request itself (a resource of no type the action names). */
async function oracle(c: Case, r: Request): Promise<Decision | undefined> {
  const result = await runSimulation(
    {
      request: { principal: ROLE, action: r.action, resource: { resource: r.resource, accountId: ACCOUNT }, contextVariables: r.context ?? {} },
      identityPolicies: c.identity.map((policy, i) => ({ name: `p${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: c.resource,
    },
    {},
  );
  if (result.resultType === 'error' && result.errors.message === 'no.resource.types') return undefined;
  // A resource ending in a wildcard (a log group's streams, Rekognition's "*") is simulated as a pattern.
  if (result.resultType === 'wildcard') return ORACLE[result.overallResult];
  if (result.resultType !== 'single') throw new Error(`oracle: ${JSON.stringify(result).slice(0, 500)}`);
  return ORACLE[result.overallResult];
}

function ours(c: Case, r: Request): Decision {
  const context = Object.fromEntries(Object.entries(r.context ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return evaluate(
    { principal: ROLE, action: r.action, resource: r.resource, context },
    { identity: c.identity.map((p, i) => parsePolicyDocument(p, `p${i}`)), resource: c.resource ? parsePolicyDocument(c.resource, 'resource') : undefined },
  ).decision;
}

/** Compares every request the simulator can judge; returns how many it judged. */
async function expectSameDecisions(c: Case): Promise<number> {
  const disagreements: string[] = [];
  let judged = 0;
  for (const r of c.requests) {
    const [expected, actual] = [await oracle(c, r), ours(c, r)];
    if (expected === undefined) continue;
    judged++;
    if (expected !== actual) disagreements.push(`${r.action} on ${r.resource} ${JSON.stringify(r.context ?? {})}: simulator ${expected}, ours ${actual}`);
  }
  expect(disagreements).toEqual([]);
  return judged;
}

/** Hand-written cases use resources of the right type: the simulator must judge every request. */
const allJudged = async (c: Case) => expect(await expectSameDecisions(c)).toBe(c.requests.length);

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const BUCKET = 'arn:aws:s3:::blobs';
const OBJ = `${BUCKET}/photo-1`;

describe('each feature the evaluator implements decides as IAM does', () => {
  it('Allow, no Allow, and an explicit Deny winning over an Allow', () =>
    allJudged({
      identity: [doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `${BUCKET}/*` }, { Effect: 'Deny', Action: 's3:PutObject', Resource: `${BUCKET}/locked*` })],
      requests: [
        { action: 's3:GetObject', resource: OBJ },
        { action: 's3:PutObject', resource: OBJ },
        { action: 's3:PutObject', resource: `${BUCKET}/locked-1` },
        { action: 's3:DeleteObject', resource: OBJ },
        { action: 's3:GetObject', resource: 'arn:aws:s3:::other/photo-1' },
      ],
    }));

  it('action wildcards (* and ?), matched case-insensitively', () =>
    allJudged({
      identity: [doc({ Effect: 'Allow', Action: ['s3:Get*', 'dynamodb:?etItem'], Resource: '*' })],
      requests: [
        { action: 's3:GetObjectVersion', resource: OBJ },
        { action: 's3:getobject', resource: OBJ },
        { action: 's3:PutObject', resource: OBJ },
        { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/blobs` },
        { action: 'dynamodb:PutItem', resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/blobs` },
      ],
    }));

  it('NotAction and NotResource', () =>
    allJudged({
      identity: [doc({ Effect: 'Allow', NotAction: 's3:DeleteObject', Resource: `${BUCKET}/*` }, { Effect: 'Deny', Action: 's3:*', NotResource: [`${BUCKET}`, `${BUCKET}/*`] })],
      requests: [
        { action: 's3:GetObject', resource: OBJ },
        { action: 's3:DeleteObject', resource: OBJ },
        { action: 's3:GetObject', resource: 'arn:aws:s3:::other/x' },
        { action: 'rekognition:DetectLabels', resource: '*' },
      ],
    }));

  it('resource wildcards, matched case-sensitively', () =>
    allJudged({
      identity: [doc({ Effect: 'Allow', Action: 'dynamodb:Query', Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/blobs/index/*` })],
      requests: [
        { action: 'dynamodb:Query', resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/blobs/index/byOwner` },
        { action: 'dynamodb:Query', resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/blobs` },
        { action: 'dynamodb:Query', resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Blobs/index/byOwner` },
      ],
    }));

  it('policy variables in resources and conditions, ${*} as a literal, and a variable without a value', () => {
    // The simulator knows no web-identity keys, so aws:userid stands in for the identity pool's
    // cognito-identity.amazonaws.com:sub (the same code path; that one is judged end to end in
    // test/cognito/identity-pool.test.ts).
    const sub = 'aws:userid';
    const own = `photos/\${${sub}}/`;
    const me = { [sub]: 'us-east-1:1111-aaaa' };
    return allJudged({
      identity: [
        doc(
          { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: `${BUCKET}/${own}*` },
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, Condition: { StringLike: { 's3:prefix': [own, `${own}*`] } } },
          { Effect: 'Allow', Action: 's3:DeleteObject', Resource: `${BUCKET}/stars/\${*}/*` },
          { Effect: 'Allow', Action: 's3:GetObjectVersion', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': `\${${sub}}` } } },
        ),
      ],
      requests: [
        { action: 's3:PutObject', resource: `${BUCKET}/photos/us-east-1:1111-aaaa/beach.jpg`, context: me },
        { action: 's3:GetObject', resource: `${BUCKET}/photos/us-east-1:2222-bbbb/beach.jpg`, context: me },
        { action: 's3:PutObject', resource: `${BUCKET}/photos/us-east-1:1111-aaaa/beach.jpg` },
        { action: 's3:ListBucket', resource: BUCKET, context: { ...me, 's3:prefix': 'photos/us-east-1:1111-aaaa/2026' } },
        { action: 's3:ListBucket', resource: BUCKET, context: { ...me, 's3:prefix': 'photos/' } },
        { action: 's3:DeleteObject', resource: `${BUCKET}/stars/*/x`, context: me },
        { action: 's3:DeleteObject', resource: `${BUCKET}/stars/any/x`, context: me },
        { action: 's3:GetObjectVersion', resource: OBJ, context: { ...me, 'aws:SourceAccount': 'us-east-1:1111-aaaa' } },
        { action: 's3:GetObjectVersion', resource: OBJ, context: { ...me, 'aws:SourceAccount': ACCOUNT } },
      ],
    });
  });

  it('conditions: Bool, StringEquals, StringLike, ArnLike, IfExists and Null', () =>
    allJudged({
      identity: [
        doc(
          { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } },
          { Effect: 'Allow', Action: 's3:PutObject', Resource: '*', Condition: { StringLike: { 'aws:SourceArn': 'arn:aws:lambda:*:function:Blobs*' } } },
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:*` } } },
          { Effect: 'Allow', Action: 's3:GetObjectVersion', Resource: '*', Condition: { StringEqualsIfExists: { 'aws:SourceAccount': ACCOUNT } } },
          { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
          { Effect: 'Deny', Action: 's3:DeleteObjectVersion', Resource: '*', Condition: { Null: { 'aws:SourceArn': 'true' } } },
          { Effect: 'Allow', Action: 's3:DeleteObjectVersion', Resource: '*' },
        ),
      ],
      requests: [
        { action: 's3:GetObject', resource: OBJ, context: { 'aws:SourceAccount': ACCOUNT, 'aws:SecureTransport': 'true' } },
        { action: 's3:GetObject', resource: OBJ, context: { 'aws:SourceAccount': '111111111111', 'aws:SecureTransport': 'true' } },
        { action: 's3:GetObject', resource: OBJ, context: { 'aws:SourceAccount': ACCOUNT, 'aws:SecureTransport': 'false' } },
        { action: 's3:PutObject', resource: OBJ, context: { 'aws:SourceArn': `arn:aws:lambda:us-east-1:${ACCOUNT}:function:BlobsLabel`, 'aws:SecureTransport': 'true' } },
        { action: 's3:PutObject', resource: OBJ, context: { 'aws:SourceArn': `arn:aws:lambda:us-east-1:${ACCOUNT}:function:Other`, 'aws:SecureTransport': 'true' } },
        { action: 's3:ListBucket', resource: BUCKET, context: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:alarms`, 'aws:SecureTransport': 'true' } },
        { action: 's3:GetObjectVersion', resource: OBJ, context: { 'aws:SecureTransport': 'true' } },
        { action: 's3:DeleteObjectVersion', resource: OBJ, context: { 'aws:SecureTransport': 'true' } },
        { action: 's3:DeleteObjectVersion', resource: OBJ, context: { 'aws:SourceArn': `arn:aws:lambda:us-east-1:${ACCOUNT}:function:x`, 'aws:SecureTransport': 'true' } },
      ],
    }));

  it('a resource policy: its Allow grants a principal it names, its Deny applies to everyone', () =>
    allJudged({
      identity: [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` })],
      resource: doc(
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/FnRole` }, Action: 's3:PutObject', Resource: `${BUCKET}/*` },
        { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ),
      requests: [
        { action: 's3:GetObject', resource: OBJ, context: { 'aws:SecureTransport': 'true' } },
        { action: 's3:GetObject', resource: OBJ, context: { 'aws:SecureTransport': 'false' } },
        { action: 's3:PutObject', resource: OBJ, context: { 'aws:SecureTransport': 'true' } },
        { action: 's3:DeleteObject', resource: OBJ, context: { 'aws:SecureTransport': 'true' } },
      ],
    }));
});

it("every function role of the synthesized template: each action on its resources, and what it must not do", async () => {
  const template = await synthesizedTemplate();
  const pseudo = { region: 'us-east-1', accountId: ACCOUNT, stackName: 'BlobsStack' };
  const resolver = localResolver(template, pseudo);
  const resolve = (v: unknown) => resolveIntrinsics(v, resolver, pseudo) as { Statement: Array<{ Action: string | string[]; Resource: string | string[] }> };
  const policies = Object.entries(template.Resources).filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && id.startsWith('Functions'));
  expect(policies.length).toBeGreaterThanOrEqual(5);
  for (const [, policy] of policies) {
    const document = resolve(policy.Properties!.PolicyDocument);
    const granted = document.Statement.flatMap((s) => [s.Action].flat().flatMap((action) => [s.Resource].flat().map((resource) => ({ action, resource: resource.replace(/\/\*$/, '/some-key') }))));
    const probes: Request[] = [
      ...granted,
      // The same actions elsewhere, and actions no function is given.
      ...granted.map((g) => ({ action: g.action, resource: g.resource.replace(/blobs/g, 'other') })),
      { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::blobs' },
      { action: 'dynamodb:DeleteTable', resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/blobs` },
      { action: 'iam:PassRole', resource: `arn:aws:iam::${ACCOUNT}:role/Admin` },
    ];
    const judged = await expectSameDecisions({ identity: [document], requests: probes });
    // Every grant the role holds is judged; only some of the made-up "elsewhere" probes may not be.
    expect(judged).toBeGreaterThanOrEqual(granted.length);
  }
});
