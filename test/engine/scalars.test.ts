/** AppSync's scalars, accepted and refused as AppSync documents them, on input and on output. */
import { describe, expect, it } from 'vitest';
import { appsyncScalar } from '../../local/appsync/server/scalars.js';

const cases: Record<string, { valid: unknown[]; invalid: unknown[] }> = {
  AWSDate: { valid: ['1970-01-01', '2026-11-27Z', '2026-11-27+01:00'], invalid: ['2026-13-45', '27/11/2026', '2026-11-27T10:00:00Z', 20261127] },
  AWSTime: { valid: ['12:30', '12:30:45', '12:30:45.123', '12:30:45Z', '12:30:45-08:00'], invalid: ['12', '12:30 PM', '2026-11-27'] },
  AWSDateTime: { valid: ['2026-11-27T12:30:45Z', '2026-11-27T12:30:45.123456789+05:30', '2026-11-27T12:30Z'], invalid: ['2026-11-27T12:30:45', '2026-11-27', 'yesterday'] },
  AWSTimestamp: { valid: [0, 1764246645, -1], invalid: ['1764246645', 1.5] },
  AWSEmail: { valid: ['a@example.com', 'first.last+tag@sub.example.org'], invalid: ['example.com', 'a@b', 'a b@example.com'] },
  AWSJSON: { valid: ['{"a":1}', '[1,2]', '"text"', 'null'], invalid: ['{a:1}', 'undefined'] },
  AWSURL: { valid: ['https://example.com/x?y=1', 'http://127.0.0.1:20080/hook', 'mailto:someone@example.com'], invalid: ['example.com', 'not a url', '/relative/path'] },
  AWSPhone: { valid: ['+1 206 555 0100', '(206) 555-0100', '020 7946 0000'], invalid: ['call me', 'phone'] },
  AWSIPAddress: { valid: ['127.0.0.1', '10.0.0.0/8', '::1', '2001:db8::/32'], invalid: ['999.1.1.1', 'localhost', '10.0.0'] },
};

describe.each(Object.entries(cases))('%s', (name, { valid, invalid }) => {
  const scalar = appsyncScalar(name)!;
  it.each(valid.map((v) => [v]))('accepts %j', (value) => {
    expect(scalar.parseValue(value)).toBe(value);
    expect(scalar.serialize(value)).toBe(value);
  });
  it.each(invalid.map((v) => [v]))('refuses %j, naming the scalar', (value) => {
    expect(() => scalar.parseValue(value)).toThrow(`Invalid ${name} value ${JSON.stringify(value)}`);
  });
});

it('serialises an object returned for AWSJSON as a JSON string, as AppSync does', () => {
  expect(appsyncScalar('AWSJSON')!.serialize({ a: [1, 2] })).toBe('{"a":[1,2]}');
});

it('knows only AppSync’s scalars', () => {
  expect(appsyncScalar('AWSSomethingElse')).toBeUndefined();
});
