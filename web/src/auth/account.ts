/**
 * Who is signed in, as the page needs it: an email to show, and a listener told whenever that
 * changes (sign-in, sign-out here, or a session Amplify could not refresh). Amplify keeps the
 * tokens in localStorage, so a reload finds the session again.
 */
import { fetchUserAttributes, getCurrentUser, signOut } from 'aws-amplify/auth';
import { Hub } from 'aws-amplify/utils';

export interface Account {
  email: string;
}

type Listener = (account: Account | undefined) => void;
const listeners = new Set<Listener>();
let current: Account | undefined;
let announced = false;

export function onAccountChange(listener: Listener): void {
  listeners.add(listener);
}

function announce(account: Account | undefined): void {
  if (announced && account?.email === current?.email) return; // Hub and the caller may both report one change
  announced = true;
  current = account;
  listeners.forEach((listener) => listener(account));
}

export function signedInAccount(): Account | undefined {
  return current;
}

/** Reads the stored session, if any, and tells the listeners. */
export async function restoreSession(): Promise<Account | undefined> {
  let account: Account | undefined;
  try {
    const user = await getCurrentUser();
    account = { email: user.signInDetails?.loginId ?? (await fetchUserAttributes()).email ?? user.username };
  } catch {
    account = undefined; // no stored session, or one that can no longer be refreshed
  }
  announce(account);
  return account;
}

/** Signs out everywhere when the pool is reachable; the local tokens go either way. */
export async function endSession(): Promise<void> {
  try {
    await signOut({ global: true });
  } catch {
    await signOut();
  }
  announce(undefined);
}

Hub.listen('auth', ({ payload }) => {
  if ((payload.event === 'signedOut' || payload.event === 'tokenRefresh_failure') && current) announce(undefined);
});
