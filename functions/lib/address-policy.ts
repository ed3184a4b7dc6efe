/**
 * Which addresses a webhook may reach: public unicast only. One policy for both checks, at
 * createBlob and at send time (on every address the name resolves to).
 */
import ipaddr from 'ipaddr.js';

export interface AddressPolicy {
  allowLoopback: boolean;
}

/** Why an address is refused, or undefined when it is allowed. */
export function blockedReason(address: string, policy: AddressPolicy): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, '').split('%')[0]);
  } catch {
    return 'not an IP address';
  }
  // ::ffff:10.0.0.1 is 10.0.0.1: judge the IPv4 address inside.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && policy.allowLoopback) return undefined;
  return range; // private, loopback, linkLocal (169.254.169.254 included), carrierGradeNat, multicast, reserved, unspecified, uniqueLocal, …
}
