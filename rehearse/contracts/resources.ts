/**
 * The ARN a call's need is about, in one function's deployment: the resource the service's
 * environment variable points at (its Ref or Fn::GetAtt in the template, named as the local
 * runtime names it), then the object key, index or field the call site adds.
 */
import type { Resolver } from '../../local/template/intrinsics.js';
import { isRecord, referencedId, type CfnValue } from '../types.js';
import { SAMPLE_KEY, TARGET_VARIABLES, type Service } from './aws-calls.js';
import type { Need } from './call-sites.js';

export interface Environment {
  /** The template's variables, intrinsics unresolved. */
  raw: Record<string, CfnValue>;
  resolver: Resolver;
  region: string;
  accountId: string;
}

export type Resolved = { resources: string[] } | { missing: string };

/** The ARNs of the resources the service's variable(s) name. */
function targets(service: Exclude<Service, 'rekognition'>, env: Environment): Resolved {
  const pattern = TARGET_VARIABLES[service];
  const names = typeof pattern === 'string' ? [pattern] : Object.keys(env.raw).filter((name) => pattern.test(name));
  const present = names.filter((name) => env.raw[name] !== undefined && env.raw[name] !== '');
  if (present.length === 0) return { missing: typeof pattern === 'string' ? pattern : `a variable matching ${pattern}` };
  return { resources: present.map((name) => arnOf(service, env.raw[name], env)) };
}

function arnOf(service: Exclude<Service, 'rekognition'>, value: CfnValue, env: Environment): string {
  const id = referencedId(value);
  if (id) return env.resolver.getAtt(id, 'Arn');
  const plain = isRecord(value) ? JSON.stringify(value) : String(value);
  // A literal: a bucket or table name, a secret ARN, or the API's URL.
  if (service === 's3') return `arn:aws:s3:::${plain}`;
  if (service === 'dynamodb') return `arn:aws:dynamodb:${env.region}:${env.accountId}:table/${plain}`;
  return plain;
}

export function resourcesOf(need: Need, service: Service, env: Environment): Resolved {
  if (need.target === 'any') return { resources: ['*'] };
  // Rekognition's read of the S3Object is an S3 request, made with the caller's permissions.
  const targetService = service === 'rekognition' ? 's3' : service;
  const base = targets(targetService, env);
  if ('missing' in base) return base;
  const resources = base.resources.map((arn) => {
    switch (need.target) {
      case 'object':
        return `${arn}/${need.detail ?? ''}${need.detail?.endsWith('/') || !need.detail ? SAMPLE_KEY : ''}`;
      case 'table':
        return need.detail ? `${arn}/index/${need.detail}` : arn;
      case 'graphql-field':
        return `${arn}/types/${need.detail}`;
      default:
        return arn;
    }
  });
  return { resources };
}
