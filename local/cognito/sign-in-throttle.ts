/**
 * Cognito's answer to password guessing: after five failed sign-ins in a row a user is locked
 * out for a time that doubles with each further failure (1 s, 2 s, 4 s … up to 15 minutes),
 * and every attempt meanwhile, right password or not, gets NotAuthorizedException "Password
 * attempts exceeded". A successful sign-in clears the count. Kept in memory: a restart forgives.
 */
import { CognitoError } from './errors.js';

export interface ThrottleOptions {
  /** Failures allowed before the first lockout (Cognito: 5). */
  freeAttempts?: number;
  /** The first lockout, in ms (Cognito: about a second). */
  baseLockoutMs?: number;
  maxLockoutMs?: number;
}

export class SignInThrottle {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();
  private readonly freeAttempts: number;
  private readonly baseLockoutMs: number;
  private readonly maxLockoutMs: number;

  constructor(
    o: ThrottleOptions,
    private readonly now: () => number,
  ) {
    this.freeAttempts = o.freeAttempts ?? 5;
    this.baseLockoutMs = o.baseLockoutMs ?? 1000;
    this.maxLockoutMs = o.maxLockoutMs ?? 15 * 60_000;
  }

  /** Throws while the user is locked out. */
  assertAllowed(username: string): void {
    const entry = this.failures.get(username);
    if (entry && entry.lockedUntil > this.now()) throw new CognitoError('NotAuthorizedException', 'Password attempts exceeded');
  }

  recordFailure(username: string): void {
    const entry = this.failures.get(username) ?? { count: 0, lockedUntil: 0 };
    entry.count += 1;
    if (entry.count >= this.freeAttempts) {
      const lockout = Math.min(this.maxLockoutMs, this.baseLockoutMs * 2 ** (entry.count - this.freeAttempts));
      entry.lockedUntil = this.now() + lockout;
    }
    this.failures.set(username, entry);
  }

  recordSuccess(username: string): void {
    this.failures.delete(username);
  }
}
