/**
 * The two halves of every e-mailed-code flow (sign-up confirmation, password reset), as the
 * operations use them: sending a code to a user named by the caller, and spending the code the
 * user typed. Both answer an unknown name as they would a known one, so the pool does not
 * reveal who has an account.
 */
import { codeMismatch } from './errors.js';
import { deliveryDetails, type CodeDeliveryDetails, type Pool } from './pool.js';
import { normalizeUsername, type CodePurpose, type StoredUser } from './user-store.js';
import { checkCode } from './verification-codes.js';

/**
 * Issues a fresh code for `purpose` and stores it, once `assertMayReceive` accepts the user. An
 * unknown user is told a code is on its way, like everyone else.
 */
export async function sendCode(pool: Pool, username: string, purpose: CodePurpose, assertMayReceive: (user: StoredUser) => void): Promise<{ CodeDeliveryDetails: CodeDeliveryDetails }> {
  const user = pool.users.get(username);
  if (!user) return { CodeDeliveryDetails: deliveryDetails(normalizeUsername(username)) };
  assertMayReceive(user);
  const CodeDeliveryDetails = pool.issueCode(user, purpose);
  await pool.users.save(user, pool.now());
  return { CodeDeliveryDetails };
}

/**
 * Spends the code the user typed, or throws CodeMismatchException. A wrong guess counts
 * against the code, so the user is stored before the refusal.
 */
export async function spendCode(pool: Pool, user: StoredUser, purpose: CodePurpose, code: string): Promise<void> {
  if (checkCode(user, purpose, code, pool.now()) === 'mismatch') {
    await pool.users.save(user, pool.now());
    throw codeMismatch();
  }
}
