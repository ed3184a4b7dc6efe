/**
 * The web ACL offline: the template's rate rule and body-size rule, applied to the GraphQL
 * endpoint and the REST API as WAF applies them on AWS (before anything else, keyed by the
 * connection's source address). On by BLOBS_WAF=true; off by default for development. Each
 * service answers a block in its own way (the engine as AppSync, the REST proxy as API Gateway).
 */
import type { IncomingMessage } from 'node:http';
import { RateCounter } from './rate-counter.js';
import type { LocalWafRules } from './rules.js';

export { wafRulesFromTemplate, type LocalWafRules } from './rules.js';

/** Decides, before a request is read, whether WAF would block it. */
export interface Firewall {
  blocks(req: IncomingMessage): boolean;
}

export function createLocalWaf(rules: LocalWafRules, now: () => number = Date.now): Firewall {
  const rate = rules.rate ? new RateCounter(rules.rate.limit, rules.rate.windowSeconds, now) : undefined;
  return {
    blocks(req) {
      // Rule order as in the web ACL: the rate rule counts every request, then the body size.
      if (rate?.hit(req.socket.remoteAddress ?? 'unknown')) return true;
      // WAF reads the body; the declared length says the same before it is read. A chunked body
      // without a length is not measured here (local-only gap, docs/operating.md).
      return rules.maxBodyBytes !== undefined && Number(req.headers['content-length'] ?? 0) > rules.maxBodyBytes;
    },
  };
}
