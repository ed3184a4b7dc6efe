/**
 * The webhook secret CloudFormation generates (infra/constructs/webhook-secret.ts) must be a
 * Standard Webhooks key as it comes out of Secrets Manager. We cannot call Secrets Manager's
 * generator offline, so the test builds its alphabet from the generation options as Secrets
 * Manager documents them (GetRandomPassword: letters, digits, punctuation, space) and checks
 * every character it may draw, in every position class, and many random draws.
 */
import { randomInt } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_SECRET_GENERATION } from '../../infra/constructs/webhook-secret.js';

// Secrets Manager's character classes (GetRandomPassword / SecretStringGenerator).
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

type Generation = { passwordLength?: number; excludePunctuation?: boolean; includeSpace?: boolean; excludeUppercase?: boolean; excludeLowercase?: boolean; excludeNumbers?: boolean; excludeCharacters?: string };

/** Every character Secrets Manager may put in a secret generated with these options. */
function alphabetOf(g: Generation): string[] {
  const classes = [g.excludeUppercase ? '' : UPPER, g.excludeLowercase ? '' : LOWER, g.excludeNumbers ? '' : DIGITS, g.excludePunctuation ? '' : PUNCTUATION, g.includeSpace ? ' ' : ''];
  return [...classes.join('')].filter((c) => !(g.excludeCharacters ?? '').includes(c));
}

const generation: Generation = WEBHOOK_SECRET_GENERATION;
const length = generation.passwordLength ?? 32; // Secrets Manager's default length
const alphabet = alphabetOf(generation);
const draw = () => Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');

/** What a receiver does with the value it is given: use it as the key, sign, verify. */
function problemWith(secret: string): string | undefined {
  let webhook: Webhook;
  try {
    webhook = new Webhook(secret);
  } catch (error) {
    return `rejected by standardwebhooks: ${(error as Error).message}`;
  }
  const bytes = Buffer.from(secret, 'base64');
  // Canonical base64 of 33 bytes: no padding, nothing dropped or added by a lenient decoder.
  if (bytes.toString('base64') !== secret) return `not canonical base64 (decodes to ${bytes.length} bytes)`;
  if (bytes.length < 24) return `only ${bytes.length} bytes of key`;
  const body = '{"blob_id":"b","status":"LABELLED","labels":[]}';
  // One timestamp for the signature and its header: two clock reads straddle a second now and then.
  const at = new Date(Math.floor(Date.now() / 1000) * 1000);
  const signed = new Webhook(`whsec_${secret}`).sign('msg_1', at, body);
  const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(at.getTime() / 1000), 'webhook-signature': signed };
  try {
    webhook.verify(body, headers);
  } catch (error) {
    return `signature does not verify: ${(error as Error).message}`;
  }
  return undefined;
}

describe('the generated webhook secret', () => {
  it('is drawn from a base64-safe alphabet only', () => {
    expect(alphabet.length).toBeGreaterThan(0);
    expect(alphabet.filter((c) => !/^[A-Za-z0-9+/]$/.test(c))).toEqual([]);
  });

  it('is a valid Standard Webhooks key with any character of that alphabet at the start, the middle and the end', () => {
    const problems: string[] = [];
    for (const c of alphabet) {
      for (const at of [0, Math.floor(length / 2), length - 1]) {
        const secret = `${'A'.repeat(at)}${c}${'A'.repeat(length - at - 1)}`;
        const problem = problemWith(secret);
        if (problem) problems.push(`${JSON.stringify(c)} at ${at}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('is a valid Standard Webhooks key of 33 bytes in 500 random draws', () => {
    const problems = Array.from({ length: 500 }, draw)
      .map((secret) => [secret, problemWith(secret)])
      .filter(([, problem]) => problem);
    expect(problems).toEqual([]);
    expect(Buffer.from(draw(), 'base64')).toHaveLength(33);
  });
});
