/** The line at the top of the page: who is signed in, with the way in or out. */
import type { Account } from './account.js';
import type { AuthStep } from './auth-dialog.js';

export interface AccountBar {
  show(account: Account | undefined): void;
}

export function createAccountBar(root: HTMLElement, hooks: { signIn: (step: AuthStep) => void; signOut: () => Promise<void> }): AccountBar {
  const button = (id: string, text: string, onClick: () => void) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.id = id;
    b.textContent = text;
    b.addEventListener('click', onClick);
    return b;
  };
  return {
    show(account) {
      const who = document.createElement('span');
      who.id = 'account-status';
      if (!account) {
        who.textContent = 'Not signed in: the images you label are not kept.';
        root.replaceChildren(who, button('account-sign-in', 'Sign in', () => hooks.signIn('signIn')), button('account-sign-up', 'Create Account', () => hooks.signIn('signUp')));
        return;
      }
      who.append('Signed in as ', Object.assign(document.createElement('strong'), { id: 'account-email', textContent: account.email }));
      const signOut = button('account-sign-out', 'Sign out', () => {
        signOut.disabled = true;
        void hooks.signOut().finally(() => (signOut.disabled = false));
      });
      root.replaceChildren(who, signOut);
    },
  };
}
