/**
 * The condition operators (local/iam/conditions.ts), data in and data out: each operator our
 * policies use, its IfExists form, Null, multi-valued conditions (any value for the positive
 * operators, every value for the negated ones), and policy variables in expected values. Each
 * case is also put to @cloud-copilot/iam-simulate as an Allow statement guarded by the condition,
 * so the expectation is IAM's, not ours.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { conditionHolds } from '../../local/iam/conditions.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:sts::${ACCOUNT}:assumed-role/FnRole/fn`;
const FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:BlobsLabel`;

/** [operator, policy key, expected values, request context (as the caller sends it), holds?] */
type Case = [string, string, string[], Record<string, string>, boolean];

const CASES: Case[] = [
  ['StringEquals', 'aws:SourceAccount', ['111111111111', ACCOUNT], { 'aws:SourceAccount': ACCOUNT }, true],
  ['StringEquals', 'aws:SourceAccount', [ACCOUNT], { 'aws:SourceAccount': '111111111111' }, false],
  ['StringEquals', 'aws:SourceAccount', [ACCOUNT], {}, false],
  ['StringNotEquals', 'aws:SourceAccount', ['111111111111'], { 'aws:SourceAccount': ACCOUNT }, true],
  ['StringNotEquals', 'aws:SourceAccount', [ACCOUNT], { 'aws:SourceAccount': ACCOUNT }, false],
  ['StringNotEquals', 'aws:SourceAccount', ['111111111111', ACCOUNT], { 'aws:SourceAccount': ACCOUNT }, false],
  ['StringEqualsIgnoreCase', 'aws:SourceArn', [FN.toUpperCase()], { 'aws:SourceArn': FN }, true],
  ['StringEqualsIgnoreCase', 'aws:SourceArn', [FN], { 'aws:SourceArn': FN.toUpperCase() }, true],
  ['StringEqualsIgnoreCase', 'aws:SourceArn', [`${FN}2`], { 'aws:SourceArn': FN }, false],
  ['StringLike', 'aws:SourceArn', ['arn:aws:sns:*', 'arn:aws:lambda:*:function:Blobs*'], { 'aws:SourceArn': FN }, true],
  ['StringLike', 'aws:SourceArn', ['arn:aws:lambda:*:function:Other*'], { 'aws:SourceArn': FN }, false],
  ['StringNotLike', 'aws:SourceArn', ['arn:aws:sns:*'], { 'aws:SourceArn': FN }, true],
  ['StringNotLike', 'aws:SourceArn', ['arn:aws:sns:*', '*:function:Blobs*'], { 'aws:SourceArn': FN }, false],
  // The wildcard operators compare case-sensitively, as the exact ones do.
  ['StringLike', 'aws:SourceArn', ['arn:aws:lambda:*:function:blobs*'], { 'aws:SourceArn': FN }, false],
  ['StringNotLike', 'aws:SourceArn', ['arn:aws:lambda:*:function:blobs*'], { 'aws:SourceArn': FN }, true],
  ['ArnLike', 'aws:SourceArn', ['arn:aws:lambda:*:function:blobs*'], { 'aws:SourceArn': FN }, false],
  ['ArnNotLike', 'aws:SourceArn', ['arn:aws:lambda:*:function:blobs*'], { 'aws:SourceArn': FN }, true],
  ['ArnEquals', 'aws:SourceArn', [FN], { 'aws:SourceArn': FN }, true],
  ['ArnEquals', 'aws:SourceArn', [`${FN}2`], { 'aws:SourceArn': FN }, false],
  ['ArnNotEquals', 'aws:SourceArn', [`${FN}2`], { 'aws:SourceArn': FN }, true],
  ['ArnNotEquals', 'aws:SourceArn', [`${FN}2`, FN], { 'aws:SourceArn': FN }, false],
  ['ArnLike', 'aws:SourceArn', [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:*`], { 'aws:SourceArn': FN }, true],
  ['ArnLike', 'aws:SourceArn', [`arn:aws:sns:us-east-1:${ACCOUNT}:*`], { 'aws:SourceArn': FN }, false],
  ['ArnNotLike', 'aws:SourceArn', [`arn:aws:sns:us-east-1:${ACCOUNT}:*`], { 'aws:SourceArn': FN }, true],
  ['ArnNotLike', 'aws:SourceArn', [`arn:aws:sns:us-east-1:${ACCOUNT}:*`, `arn:aws:lambda:*`], { 'aws:SourceArn': FN }, false],
  ['Bool', 'aws:SecureTransport', ['true'], { 'aws:SecureTransport': 'true' }, true],
  ['Bool', 'aws:SecureTransport', ['true'], { 'aws:SecureTransport': 'false' }, false],
  ['Bool', 'aws:SecureTransport', ['TRUE'], { 'aws:SecureTransport': 'true' }, true],
  ['Bool', 'aws:SecureTransport', ['false'], { 'aws:SecureTransport': 'FALSE' }, true],
  ['NumericLessThanEquals', 'aws:MultiFactorAuthAge', ['3600'], { 'aws:MultiFactorAuthAge': '3600' }, true],
  ['NumericLessThanEquals', 'aws:MultiFactorAuthAge', ['3600'], { 'aws:MultiFactorAuthAge': '60' }, true],
  ['NumericLessThanEquals', 'aws:MultiFactorAuthAge', ['3600'], { 'aws:MultiFactorAuthAge': '3601' }, false],
  ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', ['60'], { 'aws:MultiFactorAuthAge': '60' }, true],
  ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', ['60'], { 'aws:MultiFactorAuthAge': '3600' }, true],
  ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', ['60'], { 'aws:MultiFactorAuthAge': '59' }, false],
  // IfExists: a missing key holds, a present key is tested as the plain operator would.
  ['StringEqualsIfExists', 'aws:SourceAccount', [ACCOUNT], {}, true],
  ['StringEqualsIfExists', 'aws:SourceAccount', [ACCOUNT], { 'aws:SourceAccount': ACCOUNT }, true],
  ['StringEqualsIfExists', 'aws:SourceAccount', [ACCOUNT], { 'aws:SourceAccount': '111111111111' }, false],
  ['ArnLikeIfExists', 'aws:SourceArn', ['arn:aws:lambda:*'], { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:x` }, false],
  ['StringNotEqualsIfExists', 'aws:SourceAccount', [ACCOUNT], {}, true],
  // Null: "true" holds when the key is absent, "false" when it is present.
  ['Null', 'aws:SourceArn', ['true'], {}, true],
  ['Null', 'aws:SourceArn', ['true'], { 'aws:SourceArn': FN }, false],
  ['Null', 'aws:SourceArn', ['false'], { 'aws:SourceArn': FN }, true],
  ['Null', 'aws:SourceArn', ['false'], {}, false],
  ['Null', 'aws:SourceArn', ['false', 'true'], {}, true],
  ['Null', 'aws:SourceArn', ['true', 'false'], { 'aws:SourceArn': FN }, true],
];

const lower = (context: Record<string, string>) => Object.fromEntries(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]));

async function simulatorHolds([operator, key, values, context]: Case): Promise<boolean> {
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { [operator]: { [key]: values } } }] };
  const result = await runSimulation(
    {
      request: { principal: ROLE, action: 's3:GetObject', resource: { resource: 'arn:aws:s3:::blobs/photo-1', accountId: ACCOUNT }, contextVariables: context },
      identityPolicies: [{ name: 'p', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType !== 'single') throw new Error(`oracle: ${JSON.stringify(result).slice(0, 500)}`);
  return result.overallResult === 'Allowed';
}

describe('each condition operator holds exactly when IAM says it does', () => {
  it.each(CASES.map((c) => [`${c[0]} ${JSON.stringify(c[2])} on ${JSON.stringify(c[3])}`, c] as const))('%s', async (_, c) => {
    const [operator, key, values, context, holds] = c;
    expect(await simulatorHolds(c)).toBe(holds);
    expect(conditionHolds(operator, key.toLowerCase(), values, lower(context))).toBe(holds);
  });
});

describe('policy variables in expected values', () => {
  const sub = 'cognito-identity.amazonaws.com:sub';
  const me = { [sub]: 'us-east-1:1111-aaaa', 's3:prefix': 'us-east-1:1111-aaaa' };

  it('the exact-match operators compare with the resolved value', () => {
    for (const op of ['StringEquals', 'ArnEquals']) {
      expect(conditionHolds(op, 's3:prefix', [`\${${sub}}`], me)).toBe(true);
      expect(conditionHolds(op, 's3:prefix', [`\${${sub}}`], { ...me, 's3:prefix': 'us-east-1:2222-bbbb' })).toBe(false);
    }
    for (const op of ['StringNotEquals', 'ArnNotEquals']) {
      expect(conditionHolds(op, 's3:prefix', [`\${${sub}}`], me)).toBe(false);
      expect(conditionHolds(op, 's3:prefix', [`\${${sub}}`], { ...me, 's3:prefix': 'us-east-1:2222-bbbb' })).toBe(true);
    }
    expect(conditionHolds('StringEqualsIgnoreCase', 's3:prefix', [`\${${sub}}`], { ...me, 's3:prefix': 'US-EAST-1:1111-AAAA' })).toBe(true);
  });

  it('the wildcard operators resolve variables too, and take the value literally', () => {
    expect(conditionHolds('StringLike', 's3:prefix', [`\${${sub}}*`], { ...me, 's3:prefix': 'us-east-1:1111-aaaa/2026' })).toBe(true);
    expect(conditionHolds('ArnLike', 's3:prefix', [`\${${sub}}*`], { ...me, 's3:prefix': 'us-east-1:2222-bbbb/2026' })).toBe(false);
    expect(conditionHolds('StringNotLike', 's3:prefix', [`\${${sub}}*`], me)).toBe(false);
    expect(conditionHolds('ArnNotLike', 's3:prefix', [`\${${sub}}*`], { ...me, 's3:prefix': 'other' })).toBe(true);
    // A value holding a wildcard character matches only itself.
    expect(conditionHolds('StringLike', 's3:prefix', ['${aws:username}'], { 'aws:username': 'a*', 's3:prefix': 'abc' })).toBe(false);
    expect(conditionHolds('StringLike', 's3:prefix', ['${aws:username}'], { 'aws:username': 'a*', 's3:prefix': 'a*' })).toBe(true);
  });

  it('a variable the request has no value for matches nothing, not even in the case-insensitive operator', () => {
    const context = { 's3:prefix': '' };
    for (const op of ['StringEquals', 'ArnEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnLike']) expect(conditionHolds(op, 's3:prefix', ['${aws:username}'], context), op).toBe(false);
  });
});
