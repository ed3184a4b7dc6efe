/**
 * Six-digit verification codes (sign-up, password reset). The user record keeps only a hash;
 * the code itself goes to the developer through `onCode` (npm start prints it) and the
 * in-memory `codes` accessor tests read. Five wrong guesses void a code, as Cognito does,
 * so a code cannot be brute-forced.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { codeExpired, CognitoError } from './errors.js';
import type { CodePurpose, PendingCode, StoredUser } from './user-store.js';

export interface IssuedCode {
  username: string;
  code: string;
  purpose: CodePurpose;
}

const MAX_WRONG_ATTEMPTS = 5;
const digest = (code: string) => createHash('sha256').update(code).digest('hex');

export function newCode(user: StoredUser, purpose: CodePurpose, lifetimeMs: number, now: number): IssuedCode {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  user.codes[purpose] = { sha256: digest(code), expiresAt: now + lifetimeMs, wrongAttempts: 0 } satisfies PendingCode;
  return { username: user.username, code, purpose };
}

export type CodeCheck = 'ok' | 'mismatch';

/**
 * Checks a code the user typed. A wrong code counts against the code (the caller persists the
 * count); the right one is consumed. Throws ExpiredCodeException for no code or an expired one.
 */
export function checkCode(user: StoredUser, purpose: CodePurpose, given: unknown, now: number): CodeCheck {
  const pending = user.codes[purpose];
  if (!pending || pending.expiresAt <= now) throw codeExpired();
  if (pending.wrongAttempts >= MAX_WRONG_ATTEMPTS) throw new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.');
  const a = Buffer.from(digest(String(given ?? '')), 'hex');
  if (typeof given === 'string' && timingSafeEqual(a, Buffer.from(pending.sha256, 'hex'))) {
    delete user.codes[purpose];
    return 'ok';
  }
  pending.wrongAttempts += 1;
  return 'mismatch';
}
