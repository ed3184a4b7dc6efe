/** Checks a callbackUrl at createBlob time: http(s), no credentials, every resolved address allowed. */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { blockedReason, type AddressPolicy } from './address-policy.js';

export type Resolver = (hostname: string) => Promise<string[]>;
export const systemResolver: Resolver = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

const MAX_URL_LENGTH = 2048;

/** Returns a message explaining what is wrong, or undefined when the URL may be called. */
export async function callbackUrlProblem(raw: string, policy: AddressPolicy, resolve: Resolver = systemResolver): Promise<string | undefined> {
  if (raw.length > MAX_URL_LENGTH) return `callbackUrl must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'callbackUrl must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'callbackUrl must use http or https';
  if (url.username || url.password) return 'callbackUrl must not contain credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      return `callbackUrl host ${host} does not resolve`;
    }
  }
  for (const address of addresses) {
    const reason = blockedReason(address, policy);
    if (reason) return `callbackUrl must not reach a private, loopback, link-local or otherwise internal address (${host} → ${address}: ${reason})`;
  }
  return undefined;
}
