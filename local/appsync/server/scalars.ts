/** AppSync's predefined scalars, validated on input and output as AppSync does. */
import { isIP } from 'node:net';
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

type Check = (value: unknown) => boolean;

const isString = (v: unknown): v is string => typeof v === 'string';
const offset = '(Z|[+-]\\d{2}:\\d{2}(:\\d{2})?)';
const dateRe = new RegExp(`^\\d{4}-\\d{2}-\\d{2}${offset}?$`);
const timeRe = new RegExp(`^\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?${offset}?$`);
const dateTimeRe = new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?${offset}$`);
const emailRe = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const phoneRe = /^\+?[\d\s().-]{3,}$/;

function validDate(v: string): boolean {
  return !Number.isNaN(Date.parse(v.slice(0, 10)));
}

const checks: Record<string, { check: Check; describe: string }> = {
  AWSDate: { check: (v) => isString(v) && dateRe.test(v) && validDate(v), describe: 'an extended ISO 8601 date (YYYY-MM-DD)' },
  AWSTime: { check: (v) => isString(v) && timeRe.test(v), describe: 'an extended ISO 8601 time (hh:mm:ss.sss)' },
  AWSDateTime: { check: (v) => isString(v) && dateTimeRe.test(v) && !Number.isNaN(Date.parse(v)), describe: 'an extended ISO 8601 date-time with a time zone (YYYY-MM-DDThh:mm:ss.sssZ)' },
  AWSTimestamp: { check: (v) => typeof v === 'number' && Number.isInteger(v), describe: 'a whole number of seconds since the epoch' },
  AWSEmail: { check: (v) => isString(v) && emailRe.test(v), describe: 'an email address' },
  AWSJSON: { check: (v) => isString(v) && parsesAsJson(v), describe: 'a JSON string' },
  AWSURL: { check: (v) => isString(v) && isUrl(v), describe: 'a URL with a scheme (scheme://host...)' },
  AWSPhone: { check: (v) => isString(v) && phoneRe.test(v), describe: 'a phone number' },
  AWSIPAddress: { check: (v) => isString(v) && isIP(v.split('/')[0]) !== 0, describe: 'an IPv4 or IPv6 address, optionally with a CIDR suffix' },
};

function parsesAsJson(v: string): boolean {
  try {
    JSON.parse(v);
    return true;
  } catch {
    return false;
  }
}

function isUrl(v: string): boolean {
  try {
    const url = new URL(v);
    return url.protocol.length > 1 && (url.host.length > 0 || url.protocol === 'mailto:');
  } catch {
    return false;
  }
}

function literal(node: ValueNode): unknown {
  if (node.kind === Kind.STRING) return node.value;
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

export function appsyncScalar(name: string): GraphQLScalarType | undefined {
  const spec = checks[name];
  if (!spec) return undefined;
  const accept = (value: unknown) => {
    if (!spec.check(value)) throw new GraphQLError(`Invalid ${name} value ${JSON.stringify(value)}: expected ${spec.describe}.`);
    return value;
  };
  return new GraphQLScalarType({
    name,
    parseValue: accept,
    parseLiteral: (node) => accept(literal(node)),
    serialize: (value) => {
      // AppSync returns AWSJSON as a string; resolvers may hand it an object.
      if (name === 'AWSJSON' && !isString(value)) return JSON.stringify(value);
      return accept(value);
    },
  });
}
