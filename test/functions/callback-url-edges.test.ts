/**
 * Edges of the callback URL check and the address policy that ssrf.test.ts's range-by-range
 * tests do not reach: the length limit at its exact boundary, credentials given half, input that
 * is no address at all, and the system resolver itself (offline: localhost is in /etc/hosts).
 */
import { describe, expect, it } from 'vitest';
import { blockedReason } from '../../functions/lib/address-policy.js';
import { callbackUrlProblem, systemResolver } from '../../functions/lib/callback-url.js';

const strict = { allowLoopback: false };
const publicDns = async () => ['93.184.216.34'];

describe('callbackUrlProblem', () => {
  it('accepts a URL of exactly 2048 characters and refuses 2049', async () => {
    const prefix = 'https://public.example.test/';
    const at = (n: number) => prefix + 'a'.repeat(n - prefix.length);
    expect(at(2048)).toHaveLength(2048);
    expect(await callbackUrlProblem(at(2048), strict, publicDns)).toBeUndefined();
    expect(await callbackUrlProblem(at(2049), strict, publicDns)).toBe('callbackUrl must be at most 2048 characters');
  });

  it('refuses a user name alone and a password alone', async () => {
    expect(await callbackUrlProblem('https://user@public.example.test/', strict, publicDns)).toBe('callbackUrl must not contain credentials');
    expect(await callbackUrlProblem('https://:secret@public.example.test/', strict, publicDns)).toBe('callbackUrl must not contain credentials');
  });

  it('uses the system resolver by default, on every address it answers', async () => {
    const addresses = await systemResolver('localhost');
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(blockedReason(address, strict)).toBe('loopback');
    expect(await callbackUrlProblem('http://localhost:8080/hook', strict)).toMatch(/^callbackUrl must not reach a private, loopback, link-local or otherwise internal address \(localhost → (127\.0\.0\.1|::1): loopback\)$/);
    expect(await callbackUrlProblem('http://localhost:8080/hook', { allowLoopback: true })).toBeUndefined();
  });
});

describe('blockedReason', () => {
  it('says so when given something that is not an IP address', () => {
    expect(blockedReason('public.example.test', strict)).toBe('not an IP address');
    expect(blockedReason('', strict)).toBe('not an IP address');
  });

  it('reads bracketed and zoned IPv6 forms', () => {
    expect(blockedReason('[::1]', strict)).toBe('loopback');
    expect(blockedReason('[2606:2800:220:1:248:1893:25c8:1946]', strict)).toBeUndefined();
    expect(blockedReason('fe80::1%eth0', strict)).toBe('linkLocal');
  });
});
