/**
 * The server half of Cognito's SRP against the client half Amplify ships: every vector here is
 * computed by Amplify's own code in the test, and the server must agree byte for byte.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimSignature, createVerifier, formatTimestamp, k, padHex, parseTimestamp, poolNameOf, serverChallenge, sessionKey, signaturesMatch } from '../../local/cognito/srp.js';
import { amplifySrp } from './amplify-srp.js';

let amplify: Awaited<ReturnType<typeof amplifySrp>>;
beforeAll(async () => {
  amplify = await amplifySrp();
});

const POOL_ID = 'us-east-1_AbC123xyZ';
const poolName = poolNameOf(POOL_ID);

/** One full PASSWORD_VERIFIER exchange: Amplify as the client, the module as the server. */
async function exchange(o: { clientPassword: string; serverPassword: string; username?: string; saltHex?: string; aHex?: string; bHex?: string }) {
  const username = o.username ?? 'alice@example.com';
  const { saltHex, verifierHex } = createVerifier({ poolName, username, password: o.serverPassword, saltHex: o.saltHex });
  const { b, BHex } = serverChallenge(verifierHex, o.bHex);
  const client = o.aHex ? await amplify.helperWithSecret(poolName, o.aHex) : await amplify.getAuthenticationHelper(poolName);
  // Exactly what handlePasswordVerifierChallenge does with the challenge parameters.
  const hkdf = await client.getPasswordAuthenticationKey({ username, password: o.clientPassword, serverBValue: new amplify.BigInteger(BHex, 16), salt: new amplify.BigInteger(saltHex, 16) });
  const secretBlock = randomBytes(64).toString('base64');
  const timestamp = amplify.getNowString();
  const clientSignature = amplify.getSignatureString({ userPoolName: poolName, username, challengeParameters: { SECRET_BLOCK: secretBlock }, dateNow: timestamp, hkdf });
  const serverKey = sessionKey({ AHex: client.A.toString(16), BHex, b, verifierHex });
  const expected = claimSignature({ key: serverKey, poolName, username, secretBlock, timestamp });
  return { hkdf: Buffer.from(hkdf), serverKey, clientSignature, expected };
}

describe('Cognito SRP, server side', () => {
  it('uses the multiplier k Amplify derives from N and g', async () => {
    const client = await amplify.getAuthenticationHelper(poolName);
    expect(k.toString(16)).toBe(client.k.toString(16));
  });

  it('pads hex as Amplify does (a leading 00 when the top bit is set, even length)', () => {
    for (const hex of ['1', 'f', '7f', '80', 'ff', '100', '0abc', '8000', 'deadbeef', randomBytes(33).toString('hex')]) {
      expect(padHex(BigInt(`0x${hex}`))).toBe(amplify.getPaddedHex(new amplify.BigInteger(hex, 16)));
    }
  });

  it('derives the same key and signature as the Amplify client for the right password', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await exchange({ clientPassword: 'Corr3ct!horse', serverPassword: 'Corr3ct!horse' });
      expect(r.serverKey.equals(r.hkdf)).toBe(true);
      expect(r.serverKey).toHaveLength(16);
      expect(signaturesMatch(r.expected, r.clientSignature)).toBe(true);
    }
  });

  it('agrees on salts and secrets at the padding edges (leading zero nibble, top bit set)', async () => {
    const salts = ['00' + randomBytes(15).toString('hex'), '80' + randomBytes(15).toString('hex'), 'ff' + randomBytes(15).toString('hex'), '0f' + randomBytes(15).toString('hex')];
    for (const saltHex of salts) {
      const r = await exchange({ clientPassword: 'Edge-case-9', serverPassword: 'Edge-case-9', saltHex, aHex: 'f' + randomBytes(127).toString('hex'), bHex: '8' + randomBytes(31).toString('hex') });
      expect(r.serverKey.equals(r.hkdf)).toBe(true);
      expect(signaturesMatch(r.expected, r.clientSignature)).toBe(true);
    }
  });

  it('is reproducible from fixed secrets (a vector: same inputs, same key on both sides, twice)', async () => {
    const fixed = { clientPassword: 'Vector#1pass', serverPassword: 'Vector#1pass', saltHex: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', aHex: '1f'.repeat(128), bHex: '2e'.repeat(32) };
    const first = await exchange(fixed);
    const second = await exchange(fixed);
    expect(first.serverKey.toString('hex')).toBe(first.hkdf.toString('hex'));
    expect(second.serverKey.toString('hex')).toBe(first.serverKey.toString('hex'));
  });

  it('refuses a wrong password, a different username and a tampered secret block', async () => {
    const wrong = await exchange({ clientPassword: 'Wrong!pass1', serverPassword: 'Corr3ct!horse' });
    expect(wrong.serverKey.equals(wrong.hkdf)).toBe(false);
    expect(signaturesMatch(wrong.expected, wrong.clientSignature)).toBe(false);

    // The username is part of x: a verifier made for one user does not let another in.
    const { saltHex, verifierHex } = createVerifier({ poolName, username: 'bob@example.com', password: 'Same!pass1' });
    const { b, BHex } = serverChallenge(verifierHex);
    const client = await amplify.getAuthenticationHelper(poolName);
    const hkdf = await client.getPasswordAuthenticationKey({ username: 'alice@example.com', password: 'Same!pass1', serverBValue: new amplify.BigInteger(BHex, 16), salt: new amplify.BigInteger(saltHex, 16) });
    expect(sessionKey({ AHex: client.A.toString(16), BHex, b, verifierHex }).equals(Buffer.from(hkdf))).toBe(false);

    const ok = await exchange({ clientPassword: 'Corr3ct!horse', serverPassword: 'Corr3ct!horse' });
    expect(signaturesMatch(ok.expected, Buffer.from('x'.repeat(32)).toString('base64'))).toBe(false);
    expect(signaturesMatch(ok.expected, '')).toBe(false);
  });

  it('refuses A ≡ 0 mod N (which would make the key independent of the password)', () => {
    const { verifierHex } = createVerifier({ poolName, username: 'alice@example.com', password: 'Corr3ct!horse' });
    const { b, BHex } = serverChallenge(verifierHex);
    expect(() => sessionKey({ AHex: '0', BHex, b, verifierHex })).toThrow(/SRP_A/);
  });

  it('formats and parses the TIMESTAMP exactly as Amplify writes it', () => {
    const now = amplify.getNowString();
    expect(parseTimestamp(now)).toBeInstanceOf(Date);
    expect(formatTimestamp(parseTimestamp(now)!)).toBe(now);
    expect(formatTimestamp(new Date(Date.UTC(2026, 0, 5, 3, 4, 5)))).toBe('Mon Jan 5 03:04:05 UTC 2026');
    expect(parseTimestamp('Mon Jan 05 03:04:05 UTC 2026')).toBeUndefined();
    expect(parseTimestamp('2026-01-05T03:04:05Z')).toBeUndefined();
  });
});
