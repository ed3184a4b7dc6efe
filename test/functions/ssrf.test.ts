/**
 * Webhooks must never be turned against the network they run in. The same address policy is
 * applied twice: to the callbackUrl at createBlob, and to every address its host resolves to
 * at send time (the socket then connects to an address that was checked).
 */
import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { blockedReason } from '../../functions/lib/address-policy.js';
import { callbackUrlProblem } from '../../functions/lib/callback-url.js';
import { BlockedAddressError, guardedLookup, guardedPost } from '../../functions/lib/webhook/guarded-request.js';

const strict = { allowLoopback: false };

/** One per line: every kind of address a webhook may not reach. */
const BLOCKED = [
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['::1', 'loopback'],
  ['10.0.0.1', 'private'],
  ['172.16.5.4', 'private'],
  ['192.168.1.1', 'private'],
  ['169.254.169.254', 'linkLocal'], // the cloud metadata address
  ['169.254.0.1', 'linkLocal'],
  ['fe80::1', 'linkLocal'],
  ['100.64.0.1', 'carrierGradeNat'],
  ['224.0.0.1', 'multicast'],
  ['ff02::1', 'multicast'],
  ['0.0.0.0', 'unspecified'],
  ['::', 'unspecified'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.10', 'reserved'], // documentation
  ['fd00::1', 'uniqueLocal'],
  ['::ffff:10.0.0.1', 'private'], // IPv4-mapped IPv6
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:169.254.169.254', 'linkLocal'],
] as const;

/** Public addresses a hostile record lists first, so a guard that looks only at the first answer passes it. */
const PUBLIC_V4 = '93.184.216.34';
const PUBLIC_V6 = '2606:2800:220:1:248:1893:25c8:1946';

/**
 * A fake DNS, as a hostile zone would answer: `host-<address>` resolves to that blocked address
 * alone; `mixed-<address>` to public addresses first and the blocked one last (the classic
 * bypass of a guard that checks only the first answer, or only the one it connects to).
 */
const hostileName = (address: string) => `host-${address.replace(/[.:]/g, '-')}.example.test`;
const mixedName = (address: string) => `mixed-${address.replace(/[.:]/g, '-')}.example.test`;
const hostileDns = async (hostname: string) => {
  for (const [address] of BLOCKED) {
    if (hostileName(address) === hostname) return [address];
    if (mixedName(address) === hostname) return [PUBLIC_V4, PUBLIC_V6, address];
  }
  if (hostname === 'public.example.test') return [PUBLIC_V4, PUBLIC_V6];
  throw new Error('NXDOMAIN');
};
/** The same zone behind node:dns's lookup signature, as the webhook sender calls it (all: true). */
const hostileLookup = ((hostname: string, _o: unknown, callback: (e: Error | null, a: LookupAddress[]) => void) => {
  hostileDns(hostname).then(
    (list) => callback(null, list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))),
    (e) => callback(e as Error, []),
  );
}) as never;

describe('the address policy', () => {
  it.each(BLOCKED)('blocks %s (%s)', (address, range) => {
    expect(blockedReason(address, strict)).toBe(range);
  });

  it('allows public unicast addresses', () => {
    for (const address of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '8.8.8.8']) expect(blockedReason(address, strict)).toBeUndefined();
  });

  it('allows loopback only when the local runtime says so', () => {
    expect(blockedReason('127.0.0.1', { allowLoopback: true })).toBeUndefined();
    expect(blockedReason('::1', { allowLoopback: true })).toBeUndefined();
    expect(blockedReason('10.0.0.1', { allowLoopback: true })).toBe('private');
  });
});

describe('check 1: createBlob refuses the callbackUrl', () => {
  it.each(BLOCKED)('as an IP literal: %s', async (address) => {
    const host = address.includes(':') ? `[${address}]` : address;
    expect(await callbackUrlProblem(`http://${host}:8080/hook`, strict, hostileDns)).toMatch(/must not reach a private, loopback, link-local or otherwise internal address/);
  });

  it.each(BLOCKED)('as a name resolving to %s', async (address) => {
    expect(await callbackUrlProblem(`https://${hostileName(address)}/hook`, strict, hostileDns)).toMatch(new RegExp(`→ ${address.replace(/[.]/g, '\\.')}`));
  });

  it.each(BLOCKED)('as a name resolving to public addresses and then %s', async (address) => {
    expect(await callbackUrlProblem(`https://${mixedName(address)}/hook`, strict, hostileDns)).toMatch(new RegExp(`→ ${address.replace(/[.]/g, '\\.')}`));
  });

  it('accepts a name whose every address is public', async () => {
    expect(await callbackUrlProblem('https://public.example.test/hook', strict, hostileDns)).toBeUndefined();
  });

  it.each([
    ['ftp://example.com/hook', /http or https/],
    ['file:///etc/passwd', /http or https/],
    ['http://user:pass@example.com/', /credentials/],
    ['not a url', /absolute http\(s\) URL/],
    [`https://example.com/${'x'.repeat(2100)}`, /at most 2048/],
    ['https://nowhere.invalid/', /does not resolve/],
  ])('refuses %s', async (url, message) => {
    expect(await callbackUrlProblem(url, strict, hostileDns)).toMatch(message);
  });
});

describe('check 2: the webhook sender refuses at connect time', () => {
  it.each(BLOCKED)('a name that now resolves to %s (DNS rebinding)', async (address) => {
    const sent = guardedPost({ url: `http://${hostileName(address)}:9/hook`, body: '{}', headers: {}, timeoutMs: 2_000, policy: strict, resolve: hostileLookup });
    await expect(sent).rejects.toBeInstanceOf(BlockedAddressError);
  });

  it.each(BLOCKED)('a name that now resolves to public addresses and %s', async (address) => {
    const sent = guardedPost({ url: `http://${mixedName(address)}:9/hook`, body: '{}', headers: {}, timeoutMs: 2_000, policy: strict, resolve: hostileLookup });
    await expect(sent).rejects.toThrow(new RegExp(`resolves to ${address.replace(/[.]/g, '\\.')} \\(`));
  });

  it('hands the socket the checked addresses of a public name', async () => {
    // The sender's lookup, as net.connect calls it (all: true for autoSelectFamily, or one address).
    const lookup = guardedLookup(strict, hostileLookup);
    const all = await new Promise<LookupAddress[]>((resolve, reject) => lookup('public.example.test', { all: true }, (e, a) => (e ? reject(e) : resolve(a as unknown as LookupAddress[]))));
    expect(all.map((a) => a.address)).toEqual([PUBLIC_V4, PUBLIC_V6]);
    const one = await new Promise<string>((resolve, reject) => lookup('public.example.test', {}, (e, a) => (e ? reject(e) : resolve(a as string))));
    expect(one).toBe(PUBLIC_V4);
  });

  it.each(BLOCKED)('an IP literal %s', async (address) => {
    const host = address.includes(':') ? `[${address}]` : address;
    await expect(guardedPost({ url: `http://${host}:9/hook`, body: '{}', headers: {}, timeoutMs: 2_000, policy: strict })).rejects.toBeInstanceOf(BlockedAddressError);
  });
});
