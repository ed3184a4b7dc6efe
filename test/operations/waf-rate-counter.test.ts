/**
 * The offline rate rule's counting, on a clock the test moves: over the limit within the window
 * is blocked, blocked requests keep counting (as WAF counts every request it sees), addresses
 * are counted apart, and a client is let through again once its trailing window falls below.
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createLocalWaf } from '../../local/waf/index.js';

const from = (ip: string, contentLength?: number) => ({ socket: { remoteAddress: ip }, headers: contentLength === undefined ? {} : { 'content-length': String(contentLength) } }) as unknown as IncomingMessage;

describe('the local rate rule', () => {
  it('blocks past the limit in the window, per address, until the window has moved on', () => {
    let now = 1_000_000;
    const waf = createLocalWaf({ rate: { limit: 3, windowSeconds: 60 } }, () => now);
    expect([1, 2, 3].map(() => waf.blocks(from('10.0.0.1')))).toEqual([false, false, false]);
    expect(waf.blocks(from('10.0.0.1'))).toBe(true);
    expect(waf.blocks(from('10.0.0.2'))).toBe(false);
    // Still inside the 60 s window of the first four requests: still over.
    now += 59_000;
    expect(waf.blocks(from('10.0.0.1'))).toBe(true);
    // The first four have left the window; only the one at +59 s remains (plus this one).
    now += 2_000;
    expect(waf.blocks(from('10.0.0.1'))).toBe(false);
  });

  it('blocks a declared body over the size rule and lets one at the limit through', () => {
    const waf = createLocalWaf({ maxBodyBytes: 100 });
    expect(waf.blocks(from('10.0.0.3', 100))).toBe(false);
    expect(waf.blocks(from('10.0.0.3', 101))).toBe(true);
    expect(waf.blocks(from('10.0.0.3'))).toBe(false);
  });
});
