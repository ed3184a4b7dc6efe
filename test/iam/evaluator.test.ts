/**
 * The evaluator's decision (local/iam/evaluate.ts) and its wildcards and policy variables
 * (local/iam/wildcard.ts), data in and data out, for what the oracle comparison in
 * evaluator-oracle.test.ts does not pin down: which policy denied, Principal matching in a
 * resource policy, NotAction with several actions, and the regular-expression edges (dots,
 * newlines, the cache, unterminated variables).
 */
import { describe, expect, it } from 'vitest';
import { evaluate, parsePolicyDocument, type IamRequest } from '../../local/iam/index.js';
import { resolveVariables, wildcardMatches } from '../../local/iam/wildcard.js';

const ACCOUNT = '000000000000';
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/FnRole/fn`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/FnRole`;
const OBJ = 'arn:aws:s3:::blobs/photo-1';
const doc = (...Statement: object[]) => parsePolicyDocument({ Version: '2012-10-17', Statement }, 'test');
const get = (extra: Partial<IamRequest> = {}): IamRequest => ({ principal: SESSION, action: 's3:GetObject', resource: OBJ, ...extra });
const allowGet = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });

describe('which policy decided', () => {
  it('an identity Deny, a resource Deny, and no Allow at all are told apart', () => {
    const deny = { Effect: 'Deny', Action: 's3:GetObject', Resource: '*' };
    expect(evaluate(get(), { identity: [allowGet, doc(deny)] })).toEqual({ decision: 'ExplicitDeny', deniedBy: 'identity-based' });
    expect(evaluate(get(), { identity: [allowGet], resource: doc({ ...deny, Principal: '*' }) })).toEqual({ decision: 'ExplicitDeny', deniedBy: 'resource-based' });
    expect(evaluate(get(), { identity: [] })).toEqual({ decision: 'ImplicitDeny', deniedBy: 'identity-based' });
    expect(evaluate(get(), { identity: [allowGet] })).toEqual({ decision: 'Allow' });
  });

  it('the administrator is allowed anything no Deny refuses', () => {
    expect(evaluate(get(), { identity: [], administrator: true }).decision).toBe('Allow');
    expect(evaluate(get(), { identity: [doc({ Effect: 'Deny', Action: '*', Resource: '*' })], administrator: true }).decision).toBe('ExplicitDeny');
  });
});

describe("a resource policy's Principal", () => {
  const grant = (Principal: unknown) => evaluate(get(), { identity: [], resource: doc({ Effect: 'Allow', Principal, Action: 's3:GetObject', Resource: '*' }) }).decision;

  it('names a session by its role, by its own ARN, or by "*", and among other principals', () => {
    expect(grant({ AWS: ROLE })).toBe('Allow');
    expect(grant({ AWS: `arn:aws:iam::${ACCOUNT}:role/service-role/FnRole` })).toBe('Allow');
    expect(grant({ AWS: SESSION })).toBe('Allow');
    expect(grant('*')).toBe('Allow');
    expect(grant({ AWS: [`arn:aws:iam::${ACCOUNT}:role/Other`, ROLE] })).toBe('Allow');
  });

  it('does not name another role, another account, a user, or a malformed ARN', () => {
    expect(grant({ AWS: `arn:aws:iam::${ACCOUNT}:role/Other` })).toBe('ImplicitDeny');
    expect(grant({ AWS: `arn:aws:iam::${ACCOUNT}:role/FnRoleX` })).toBe('ImplicitDeny');
    expect(grant({ AWS: `arn:aws:iam::111111111111:role/FnRole` })).toBe('ImplicitDeny');
    expect(grant({ AWS: `arn:aws:iam::${ACCOUNT}:user/FnRole` })).toBe('ImplicitDeny');
    expect(grant({ AWS: `${ROLE}/` })).toBe('ImplicitDeny');
    expect(grant({ AWS: `x${ROLE}` })).toBe('ImplicitDeny');
    expect(grant({ AWS: `arn:aws:iam::${ACCOUNT}:role/service-role/Other` })).toBe('ImplicitDeny');
  });

  it('a caller that is not a role session is named only by its own ARN', () => {
    const user = `arn:aws:iam::${ACCOUNT}:user/bob`;
    const resource = (p: string) => doc({ Effect: 'Allow', Principal: { AWS: p }, Action: 's3:GetObject', Resource: '*' });
    expect(evaluate(get({ principal: user }), { identity: [], resource: resource(ROLE) }).decision).toBe('ImplicitDeny');
    expect(evaluate(get({ principal: `x${SESSION}` }), { identity: [], resource: resource(ROLE) }).decision).toBe('ImplicitDeny');
    expect(evaluate(get({ principal: user }), { identity: [], resource: resource(user) }).decision).toBe('Allow');
  });

  it("a resource Deny naming someone else does not apply; one without a Principal (as identity statements are) does", () => {
    const deny = (extra: object) => doc({ Effect: 'Deny', Action: 's3:GetObject', Resource: '*', ...extra });
    expect(evaluate(get(), { identity: [allowGet], resource: deny({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/Other` } }) }).decision).toBe('Allow');
    expect(evaluate(get(), { identity: [allowGet], resource: deny({}) }).decision).toBe('ExplicitDeny');
  });
});

describe('Action, NotAction, Resource, NotResource', () => {
  const notAction = doc({ Effect: 'Allow', NotAction: ['s3:DeleteObject', 's3:PutObject'], Resource: '*' });

  it('NotAction excludes each action it lists, case-insensitively', () => {
    expect(evaluate(get(), { identity: [notAction] }).decision).toBe('Allow');
    expect(evaluate(get({ action: 's3:DeleteObject' }), { identity: [notAction] }).decision).toBe('ImplicitDeny');
    expect(evaluate(get({ action: 's3:PutObject' }), { identity: [notAction] }).decision).toBe('ImplicitDeny');
    expect(evaluate(get({ action: 's3:deleteobject' }), { identity: [notAction] }).decision).toBe('ImplicitDeny');
  });

  it('Resource and NotResource resolve policy variables from the request context', () => {
    const own = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::blobs/${aws:username}/*' });
    const context = { 'aws:username': 'bob' };
    expect(evaluate(get({ resource: 'arn:aws:s3:::blobs/bob/x', context }), { identity: [own] }).decision).toBe('Allow');
    expect(evaluate(get({ resource: 'arn:aws:s3:::blobs/eve/x', context }), { identity: [own] }).decision).toBe('ImplicitDeny');
    expect(evaluate(get({ resource: 'arn:aws:s3:::blobs/bob/x' }), { identity: [own] }).decision).toBe('ImplicitDeny');
    const both = { identity: [allowGet, doc({ Effect: 'Deny', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::blobs/${aws:username}/*' })] };
    expect(evaluate(get({ resource: 'arn:aws:s3:::blobs/bob/x', context }), both).decision).toBe('Allow');
    expect(evaluate(get({ resource: 'arn:aws:s3:::blobs/eve/x', context }), both).decision).toBe('ExplicitDeny');
    // NotResource compares ARNs case-sensitively, as Resource does.
    expect(evaluate(get({ resource: 'arn:aws:s3:::BLOBS/bob/x', context }), both).decision).toBe('ExplicitDeny');
  });

  it('conditions read the request context, and a request without one has no keys', () => {
    const secure = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } });
    expect(evaluate(get({ context: { 'aws:securetransport': 'true' } }), { identity: [secure] }).decision).toBe('Allow');
    expect(evaluate(get(), { identity: [secure] }).decision).toBe('ImplicitDeny');
  });
});

describe('wildcards', () => {
  it('regular-expression characters in a pattern are literal', () => {
    expect(wildcardMatches('arn:aws:s3:::my.bucket/(a)+[b]', 'arn:aws:s3:::my.bucket/(a)+[b]')).toBe(true);
    expect(wildcardMatches('arn:aws:s3:::my.bucket/*', 'arn:aws:s3:::myxbucket/k')).toBe(false);
    expect(wildcardMatches('a+b', 'aab')).toBe(false);
    expect(wildcardMatches('a$b^c', 'a$b^c')).toBe(true);
  });

  it('match case-sensitively unless asked not to', () => {
    expect(wildcardMatches('Blobs/*', 'blobs/x')).toBe(false);
    expect(wildcardMatches('Blobs/*', 'blobs/x', true)).toBe(true);
  });

  it('* and ? match any character, newlines included, and ? exactly one', () => {
    expect(wildcardMatches('blobs/*', 'blobs/a\nb')).toBe(true);
    expect(wildcardMatches('blobs/?', 'blobs/\n')).toBe(true);
    expect(wildcardMatches('blobs/?', 'blobs/ab')).toBe(false);
    expect(wildcardMatches('S3:GET*', 's3:get\nobject', true)).toBe(true);
    expect(wildcardMatches('blobs/${aws:username}/*', 'blobs/bob/a\nb', false, { 'aws:username': 'bob' })).toBe(true);
    expect(wildcardMatches('BLOBS/${aws:username}/*', 'blobs/bob/a\nb', true, { 'aws:username': 'bob' })).toBe(true);
    expect(wildcardMatches('BLOBS/${aws:username}/*', 'blobs/bob/x', false, { 'aws:username': 'bob' })).toBe(false);
  });

  it('a case-sensitive and a case-insensitive match of look-alike patterns do not share a cached expression', () => {
    expect(wildcardMatches('Xq-probe-1', 'xq-probe-1', false)).toBe(false);
    expect(wildcardMatches('sXq-probe-1', 'sxq-probe-1', true)).toBe(true);
    expect(wildcardMatches('Yq-probe-2', 'yq-probe-2', true)).toBe(true);
    expect(wildcardMatches('iYq-probe-2', 'iyq-probe-2', false)).toBe(false);
    expect(wildcardMatches('iYq-probe-2', 'iYq-probe-2', false)).toBe(true);
  });
});

describe('policy variables', () => {
  const v = { 'aws:username': 'bob', 'cognito-identity.amazonaws.com:sub': 'us-east-1:1111-aaaa', 'aws:weird': 'a.b*' };

  it('resolve by key, case-insensitively and ignoring spaces, into literal text', () => {
    expect(wildcardMatches('p/${aws:UserName}/*', 'p/bob/x', false, v)).toBe(true);
    expect(wildcardMatches('p/${ aws:username }', 'p/bob', false, v)).toBe(true);
    expect(wildcardMatches('p/${cognito-identity.amazonaws.com:sub}/*', 'p/us-east-1:1111-aaaa/k', false, v)).toBe(true);
    expect(wildcardMatches('p/${aws:weird}', 'p/a.b*', false, v)).toBe(true);
    expect(wildcardMatches('p/${aws:weird}', 'p/axbcd', false, v)).toBe(false);
    expect(wildcardMatches('${aws:username}-${aws:username}?', 'bob-bobs', false, v)).toBe(true);
    expect(resolveVariables('p/${aws:UserName}/${ aws:weird }!', v)).toBe('p/bob/a.b*!');
  });

  it('${*}, ${?} and ${$} stand for the characters themselves', () => {
    expect(wildcardMatches('a${*}b${?}c${$}', 'a*b?c$', false, v)).toBe(true);
    expect(wildcardMatches('a${*}b', 'axxb', false, v)).toBe(false);
    expect(resolveVariables('a${*}b${?}c${$}', v)).toBe('a*b?c$');
  });

  it('a variable without a value matches nothing, and resolves to nothing', () => {
    expect(wildcardMatches('p/${aws:userid}/*', 'p//x', false, v)).toBe(false);
    expect(wildcardMatches('*${aws:userid}', 'anything', false, v)).toBe(false);
    expect(resolveVariables('p/${aws:userid}', v)).toBeUndefined();
    // Not even the text a careless join would turn "no value" into.
    expect(wildcardMatches('${aws:userid}', 'undefined', false, v)).toBe(false);
  });

  it('an unterminated ${ is literal text, after the variables before it are resolved', () => {
    expect(wildcardMatches('p/${aws:username}/${aws:user', 'p/bob/${aws:user', false, v)).toBe(true);
    expect(wildcardMatches('p/${aws:user', 'p/${aws:user', false, v)).toBe(true);
    expect(resolveVariables('p/${aws:username}/${aws:user', v)).toBe('p/bob/${aws:user');
    expect(resolveVariables('no variables', v)).toBe('no variables');
    // A } before the variable is not its end.
    expect(wildcardMatches('a}${aws:username}', 'a}bob', false, v)).toBe(true);
    expect(resolveVariables('a}${aws:username}', v)).toBe('a}bob');
  });

  it('without variables given, ${...} is matched as written', () => {
    expect(wildcardMatches('p/${aws:username}', 'p/${aws:username}')).toBe(true);
    expect(wildcardMatches('p/${aws:username}', 'p/bob')).toBe(false);
  });
});
