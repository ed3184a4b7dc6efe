/**
 * Parsing policy documents (local/iam/policy.ts): every field normalised to arrays, and a clear
 * error naming the statement for whatever the evaluator cannot judge (so a template it cannot
 * evaluate fails loudly instead of quietly allowing or denying).
 */
import { describe, expect, it } from 'vitest';
import { parsePolicyDocument } from '../../local/iam/index.js';

const parse = (Statement: unknown) => parsePolicyDocument({ Version: '2012-10-17', Statement }, 'Fn policy');
const ALLOW = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::blobs/*' };

describe('a policy document is normalised', () => {
  it('a single statement, single strings and lists all become arrays; absent fields stay absent', () => {
    expect(parse({ ...ALLOW, Sid: 'Read' })).toEqual({
      statements: [{ sid: 'Read', effect: 'Allow', actions: ['s3:GetObject'], notActions: undefined, resources: ['arn:aws:s3:::blobs/*'], notResources: undefined, principals: undefined, conditions: [] }],
    });
    expect(parse([{ Effect: 'Deny', NotAction: ['s3:GetObject', 's3:PutObject'], NotResource: 'arn:aws:s3:::x' }]).statements[0]).toEqual({
      sid: undefined,
      effect: 'Deny',
      actions: undefined,
      notActions: ['s3:GetObject', 's3:PutObject'],
      resources: undefined,
      notResources: ['arn:aws:s3:::x'],
      principals: undefined,
      conditions: [],
    });
    expect(parsePolicyDocument({ Version: '2012-10-17' }, 'empty')).toEqual({ statements: [] });
  });

  it('a Sid that is not a string is dropped', () => {
    expect(parse({ ...ALLOW, Sid: 7 }).statements[0]!.sid).toBeUndefined();
  });

  it('Principal: "*", each value of an object, and entries resolved to nothing (AWS::NoValue)', () => {
    expect(parse({ ...ALLOW, Principal: '*' }).statements[0]!.principals).toEqual(['*']);
    expect(parse({ ...ALLOW, Principal: { AWS: ['arn:aws:iam::000000000000:role/A', 'arn:aws:iam::000000000000:role/B'], Service: 'lambda.amazonaws.com' } }).statements[0]!.principals).toEqual([
      'arn:aws:iam::000000000000:role/A',
      'arn:aws:iam::000000000000:role/B',
      'lambda.amazonaws.com',
    ]);
    expect(parse({ ...ALLOW, Principal: { AWS: undefined } }).statements[0]!.principals).toEqual([]);
  });

  it('conditions: one entry per operator and key, keys lower-cased, values as lists', () => {
    const conditions = parse({ ...ALLOW, Condition: { StringEquals: { 'aws:SourceAccount': '0', 'AWS:SourceArn': ['a', 'b'] }, BoolIfExists: { 'aws:SecureTransport': 'true' }, Null: { 'aws:UserId': 'false' } } }).statements[0]!.conditions;
    expect(conditions).toEqual([
      { operator: 'StringEquals', key: 'aws:sourceaccount', values: ['0'] },
      { operator: 'StringEquals', key: 'aws:sourcearn', values: ['a', 'b'] },
      { operator: 'BoolIfExists', key: 'aws:securetransport', values: ['true'] },
      { operator: 'Null', key: 'aws:userid', values: ['false'] },
    ]);
  });
});

describe('a policy the evaluator cannot judge is refused, naming where', () => {
  it('a document that is not an object', () => {
    expect(() => parsePolicyDocument(null, 'Fn policy')).toThrow('Fn policy: PolicyDocument is not an object');
    expect(() => parsePolicyDocument('s3:*', 'Fn policy')).toThrow('Fn policy: PolicyDocument is not an object');
    expect(() => parsePolicyDocument(undefined, 'Fn policy')).toThrow('Fn policy: PolicyDocument is not an object');
  });

  it('an Effect other than Allow or Deny, in the statement it names', () => {
    expect(() => parse([ALLOW, { ...ALLOW, Effect: 'allow' }])).toThrow('Fn policy statement 1: Effect must be Allow or Deny');
    expect(() => parse({ Action: 's3:*', Resource: '*' })).toThrow('Fn policy statement 0: Effect must be Allow or Deny');
  });

  it('both or neither of Action and NotAction', () => {
    const message = 'Fn policy statement 0: exactly one of Action and NotAction is required';
    expect(() => parse({ Effect: 'Allow', Resource: '*' })).toThrow(message);
    expect(() => parse({ ...ALLOW, NotAction: 's3:PutObject' })).toThrow(message);
  });

  it('values that are not strings once intrinsics are resolved, in each field', () => {
    const ref = { Ref: 'Bucket' };
    expect(() => parse({ ...ALLOW, Action: ref })).toThrow('Fn policy statement 0 Action must be strings once resolved; got {"Ref":"Bucket"}');
    expect(() => parse({ Effect: 'Allow', NotAction: [7], Resource: '*' })).toThrow('Fn policy statement 0 NotAction must be strings once resolved; got 7');
    expect(() => parse({ ...ALLOW, Resource: ['arn:aws:s3:::a', ref] })).toThrow('Fn policy statement 0 Resource must be strings once resolved');
    expect(() => parse({ ...ALLOW, NotResource: ref })).toThrow('Fn policy statement 0 NotResource must be strings once resolved');
    expect(() => parse({ ...ALLOW, Principal: { AWS: ref } })).toThrow('Fn policy statement 0 Principal must be strings once resolved');
    expect(() => parse({ ...ALLOW, Condition: { StringEquals: { 'aws:SourceAccount': ref } } })).toThrow(
      'Fn policy statement 0 StringEquals.aws:SourceAccount must be strings once resolved',
    );
  });

  it('a Principal that is neither "*" nor an object', () => {
    for (const Principal of ['arn:aws:iam::000000000000:role/A', null, 7]) expect(() => parse({ ...ALLOW, Principal })).toThrow('Fn policy statement 0: Principal must be "*" or an object');
  });

  it('condition operators it does not implement: set operators, and IfExists anywhere but at the end', () => {
    for (const operator of ['ForAnyValue:StringEquals', 'ForAllValues:StringLike', 'DateGreaterThan', 'StringIfExistsEquals', 'NumericLessThan']) {
      expect(() => parse({ ...ALLOW, Condition: { [operator]: { 'aws:SourceArn': 'x' } } })).toThrow(`Fn policy statement 0: condition operator ${operator} is not supported by the local IAM evaluator`);
    }
    expect(parse({ ...ALLOW, Condition: { StringLikeIfExists: { 'aws:SourceArn': 'x' }, NullIfExists: { 'aws:SourceArn': 'true' } } }).statements[0]!.conditions).toHaveLength(2);
  });
});
