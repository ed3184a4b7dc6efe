/**
 * The server side of Cognito's SRP-6a variant (USER_SRP_AUTH → PASSWORD_VERIFIER), computed
 * exactly as the Amplify client computes its side (@aws-amplify/auth, utils/srp):
 *
 *   N, g = the 3072-bit group of RFC 5054 with g = 2;  k = H(PAD(N) | PAD(g))
 *   x = H(PAD(salt) | H(poolName | username | ":" | password))     v = g^x mod N
 *   B = (k·v + g^b) mod N;  u = H(PAD(A) | PAD(B));  S = (A·v^u)^b mod N
 *   K = HKDF-SHA256(ikm = PAD(S), salt = PAD(u), info = "Caldera Derived Key", 16 bytes)
 *   signature = base64(HMAC-SHA256(K, poolName | username | secretBlock | timestamp))
 *
 * H is SHA-256 over bytes; PAD(n) is the big-endian two's-complement hex of n (Java's
 * BigInteger.toByteArray), i.e. a leading 00 when the top bit is set. poolName is the part of
 * the pool id after the underscore.
 */
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
export const g = 2n;

/** Two's-complement hex of a non-negative integer, as Amplify's getPaddedHex gives it. */
export function padHex(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hashHex = (hex: string) => sha256Hex(Buffer.from(hex, 'hex'));
const toBigInt = (hex: string) => BigInt(`0x${hex}`);

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

export const k = toBigInt(hashHex(padHex(N) + padHex(g)));

/** The pool name Cognito's SRP mixes in: the part of the pool id after the region. */
export function poolNameOf(userPoolId: string): string {
  return userPoolId.split('_')[1] ?? '';
}

export function passwordExponent(o: { poolName: string; username: string; password: string; saltHex: string }): bigint {
  const inner = sha256Hex(`${o.poolName}${o.username}:${o.password}`);
  return toBigInt(hashHex(padHex(toBigInt(o.saltHex)) + inner));
}

/** What the server keeps instead of a password: a random salt and the verifier g^x. */
export function createVerifier(o: { poolName: string; username: string; password: string; saltHex?: string }): { saltHex: string; verifierHex: string } {
  const saltHex = o.saltHex ?? randomBytes(16).toString('hex');
  const x = passwordExponent({ ...o, saltHex });
  return { saltHex, verifierHex: modPow(g, x, N).toString(16) };
}

export interface ServerChallenge {
  /** The server's secret exponent; never leaves the server. */
  b: bigint;
  /** B, as hex, sent to the client as SRP_B. */
  BHex: string;
}

export function serverChallenge(verifierHex: string, bHex?: string): ServerChallenge {
  const v = toBigInt(verifierHex);
  for (;;) {
    const b = bHex ? toBigInt(bHex) : toBigInt(randomBytes(32).toString('hex'));
    const B = (k * v + modPow(g, b, N)) % N;
    if (B !== 0n) return { b, BHex: B.toString(16) };
    if (bHex) throw new Error('B is zero for this b');
  }
}

/** Thrown when the client's A is unusable (A mod N = 0 would let anyone in). */
export class IllegalSrpParameter extends Error {}

/** The 16-byte key both sides derive; null-safe checks on A and u as SRP-6a requires. */
export function sessionKey(o: { AHex: string; BHex: string; b: bigint; verifierHex: string }): Buffer {
  const A = toBigInt(o.AHex);
  if (A % N === 0n) throw new IllegalSrpParameter('SRP_A mod N cannot be 0');
  const B = toBigInt(o.BHex);
  const u = toBigInt(hashHex(padHex(A) + padHex(B)));
  if (u === 0n) throw new IllegalSrpParameter('u cannot be 0');
  const v = toBigInt(o.verifierHex);
  const S = modPow((A * modPow(v, u, N)) % N, o.b, N);
  return Buffer.from(hkdfSync('sha256', Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'), 'Caldera Derived Key', 16));
}

/** The PASSWORD_CLAIM_SIGNATURE a client holding the right password sends. */
export function claimSignature(o: { key: Buffer; poolName: string; username: string; secretBlock: string; timestamp: string }): string {
  return createHmac('sha256', o.key)
    .update(Buffer.concat([Buffer.from(o.poolName), Buffer.from(o.username), Buffer.from(o.secretBlock, 'base64'), Buffer.from(o.timestamp)]))
    .digest('base64');
}

export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'base64');
  const b = Buffer.from(given, 'base64');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Cognito's TIMESTAMP format, "ddd MMM D HH:mm:ss UTC YYYY" (day not zero-padded). */
export function formatTimestamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

export function parseTimestamp(value: string): Date | undefined {
  const m = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(Number(m[7]), MONTHS.indexOf(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  return formatTimestamp(date) === value ? date : undefined;
}
