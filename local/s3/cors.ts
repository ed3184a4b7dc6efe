/**
 * A bucket's CORS rules as S3 applies them: the first rule whose origin, method and (for a
 * preflight) every requested header match answers, with its methods, exposed headers and max
 * age; no match is 403 on a preflight and no CORS headers otherwise. The local stack passes the
 * template's rules (local/template/bucket-cors.ts), so a browser is allowed here what it is on AWS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { S3Error } from './errors.js';

/** One rule, in CloudFormation's CorsRule terms. */
export interface CorsRule {
  allowedOrigins: readonly string[];
  allowedMethods: readonly string[];
  allowedHeaders?: readonly string[];
  exposedHeaders?: readonly string[];
  maxAge?: number;
}

/** S3 allows one `*` anywhere in an origin or header pattern; headers match case-insensitively. */
function matches(pattern: string, value: string, caseless: boolean): boolean {
  const [p, v] = caseless ? [pattern.toLowerCase(), value.toLowerCase()] : [pattern, value];
  const star = p.indexOf('*');
  if (star < 0) return p === v;
  const head = p.slice(0, star);
  const tail = p.slice(star + 1);
  return v.length >= head.length + tail.length && v.startsWith(head) && v.endsWith(tail);
}

export function createCors(rules: readonly CorsRule[]) {
  const ruleFor = (origin: string, method: string, headers: readonly string[]) =>
    rules.find(
      (r) =>
        r.allowedOrigins.some((o) => matches(o, origin, false)) &&
        r.allowedMethods.includes(method.toUpperCase()) &&
        headers.every((h) => (r.allowedHeaders ?? []).some((a) => matches(a, h, true))),
    );
  const allowOrigin = (rule: CorsRule, origin: string) => (rule.allowedOrigins.includes('*') ? '*' : origin);

  return {
    /** The CORS headers of an actual request (none when no rule matches, as S3 does). */
    decorate(req: IncomingMessage, res: ServerResponse): void {
      const origin = req.headers.origin;
      if (!origin) return;
      const rule = ruleFor(origin, req.method ?? 'GET', []);
      if (!rule) return;
      res.setHeader('access-control-allow-origin', allowOrigin(rule, origin));
      res.setHeader('access-control-allow-methods', rule.allowedMethods.join(', '));
      if (rule.exposedHeaders?.length) res.setHeader('access-control-expose-headers', rule.exposedHeaders.join(', '));
      if (rule.maxAge !== undefined) res.setHeader('access-control-max-age', String(rule.maxAge));
      res.setHeader('vary', 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method');
    },
    /** The answer to a preflight: S3's 403 when no rule allows the origin, method and headers. */
    preflight(req: IncomingMessage, res: ServerResponse): void {
      const origin = req.headers.origin;
      const method = req.headers['access-control-request-method'];
      const requested = String(req.headers['access-control-request-headers'] ?? '').split(',').map((h) => h.trim()).filter(Boolean);
      const rule = origin && method ? ruleFor(origin, String(method), requested) : undefined;
      // S3's own wording, its typo included.
      if (!origin || !rule) throw new S3Error(403, 'AccessForbidden', 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.');
      res.writeHead(200, {
        'access-control-allow-origin': allowOrigin(rule, origin),
        'access-control-allow-methods': rule.allowedMethods.join(', '),
        ...(requested.length ? { 'access-control-allow-headers': requested.join(', ') } : {}),
        ...(rule.exposedHeaders?.length ? { 'access-control-expose-headers': rule.exposedHeaders.join(', ') } : {}),
        ...(rule.maxAge !== undefined ? { 'access-control-max-age': String(rule.maxAge) } : {}),
        vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
        'content-length': 0,
      });
      res.end();
    },
  };
}
