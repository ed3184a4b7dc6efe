/**
 * One HTTP POST that can only reach addresses the policy allows: the socket connects to an
 * address that was checked (a custom `lookup`), IP literals are checked before connecting,
 * redirects are not followed, and the whole exchange has a deadline.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { blockedReason, type AddressPolicy } from '../address-policy.js';

export class BlockedAddressError extends Error {}

export interface PostResult {
  status: number;
}

export function guardedLookup(policy: AddressPolicy, resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as LookupAddress[];
      for (const a of list) {
        const reason = blockedReason(a.address, policy);
        if (reason) return callback(new BlockedAddressError(`${hostname} resolves to ${a.address} (${reason}), which webhooks may not reach`), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

export function guardedPost(o: { url: string; body: string; headers: Record<string, string>; timeoutMs: number; policy: AddressPolicy; resolve?: typeof dnsLookup }): Promise<PostResult> {
  const url = new URL(o.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const reason = blockedReason(host, o.policy);
    if (reason) return Promise.reject(new BlockedAddressError(`${host} (${reason}) may not be reached by webhooks`));
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostResult>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...o.headers, 'content-length': Buffer.byteLength(o.body) },
        lookup: guardedLookup(o.policy, o.resolve),
        timeout: o.timeoutMs,
        agent: false,
      },
      (res) => {
        res.resume(); // the receiver's body is not ours to read
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', reject);
      },
    );
    const deadline = setTimeout(() => req.destroy(new Error(`No answer within ${o.timeoutMs} ms`)), o.timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('timeout', () => req.destroy(new Error(`No answer within ${o.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(o.body);
  });
}
