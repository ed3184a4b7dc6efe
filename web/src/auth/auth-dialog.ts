/**
 * Sign in, create an account (with its emailed confirmation code) and reset a forgotten
 * password: the Authenticator's steps, as one small form in a modal dialog that changes with the
 * step. Every call goes through aws-amplify/auth; refusals are shown in Amplify UI's words.
 */
import { confirmResetPassword, confirmSignUp, resendSignUpCode, resetPassword, signIn, signUp } from 'aws-amplify/auth';
import type { AmplifyOutputs } from '../../../client/index.js';
import { restoreSession } from './account.js';
import { authErrorMessage } from '../../../client/auth-messages.js';
import { confirmationProblem, passwordProblems } from './password-policy.js';

export type AuthStep = 'signIn' | 'signUp' | 'confirmSignUp' | 'forgotPassword' | 'confirmResetPassword';

type FieldName = 'email' | 'password' | 'confirmPassword' | 'code';

interface StepView {
  heading: string;
  intro?: (email: string) => string;
  fields: Array<{ name: FieldName; label: string; type: string; autocomplete: string }>;
  submit: [idle: string, busy: string];
  links: Array<[label: string, step: AuthStep | 'resend']>;
}

const EMAIL = { name: 'email', label: 'Email', type: 'email', autocomplete: 'username' } as const;
const CODE = { name: 'code', label: 'Confirmation Code', type: 'text', autocomplete: 'one-time-code' } as const;

const STEPS: Record<AuthStep, StepView> = {
  signIn: {
    heading: 'Sign in to your account',
    fields: [EMAIL, { name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' }],
    submit: ['Sign in', 'Signing in'],
    links: [['Forgot your password?', 'forgotPassword'], ['Create Account', 'signUp']],
  },
  signUp: {
    heading: 'Create Account',
    fields: [EMAIL, { name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password' }, { name: 'confirmPassword', label: 'Confirm Password', type: 'password', autocomplete: 'new-password' }],
    submit: ['Create Account', 'Creating Account'],
    links: [['Back to Sign In', 'signIn']],
  },
  confirmSignUp: {
    heading: 'We Emailed You',
    intro: (email) => `Your code is on the way. To log in, enter the code we emailed to ${email}. It may take a minute to arrive.`,
    fields: [CODE],
    submit: ['Confirm', 'Confirming'],
    links: [['Resend Code', 'resend'], ['Back to Sign In', 'signIn']],
  },
  forgotPassword: {
    heading: 'Reset your password',
    fields: [EMAIL],
    submit: ['Send code', 'Sending'],
    links: [['Back to Sign In', 'signIn']],
  },
  confirmResetPassword: {
    heading: 'Reset your Password',
    intro: (email) => `Enter the code we emailed to ${email} and choose a new password.`,
    fields: [CODE, { name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password' }, { name: 'confirmPassword', label: 'Confirm Password', type: 'password', autocomplete: 'new-password' }],
    submit: ['Submit', 'Submitting'],
    links: [['Back to Sign In', 'signIn']],
  },
};

export interface AuthDialog {
  open(step?: AuthStep): void;
  close(): void;
}

export function createAuthDialog(outputs: AmplifyOutputs): AuthDialog {
  const dialog = document.createElement('dialog');
  dialog.id = 'auth-dialog';
  dialog.className = 'auth-dialog';
  dialog.setAttribute('aria-labelledby', 'auth-heading');
  document.body.append(dialog);

  let email = '';
  let notice = '';
  let currentStep: AuthStep = 'signIn';

  const render = (step: AuthStep) => {
    currentStep = step;
    const view = STEPS[step];
    const form = document.createElement('form');
    form.id = 'auth-form';
    form.dataset.step = step;
    form.noValidate = false;

    const heading = document.createElement('h2');
    heading.id = 'auth-heading';
    heading.textContent = view.heading;
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'auth-close';
    close.setAttribute('aria-label', 'Close');
    close.textContent = '×';
    close.addEventListener('click', () => dialog.close());
    form.append(close, heading);

    if (view.intro) form.append(paragraph('auth-intro', view.intro(email)));
    const noticeLine = paragraph('auth-notice', notice);
    noticeLine.setAttribute('role', 'status');
    noticeLine.hidden = !notice;
    form.append(noticeLine);
    notice = '';

    const inputs = {} as Record<FieldName, HTMLInputElement>;
    for (const field of view.fields) {
      const id = `auth-${field.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = field.label;
      const input = document.createElement('input');
      Object.assign(input, { id, name: field.name, type: field.type, autocomplete: field.autocomplete, required: true });
      if (field.name === 'email') input.value = email;
      if (field.name === 'code') Object.assign(input, { inputMode: 'numeric', pattern: '[0-9]{6}', maxLength: 6 });
      inputs[field.name] = input;
      form.append(label, input);
    }

    const error = document.createElement('p');
    error.id = 'auth-error';
    error.className = 'auth-error';
    error.setAttribute('role', 'alert');
    error.hidden = true;

    const submit = document.createElement('button');
    submit.type = 'submit';
    submit.className = 'primary';
    submit.textContent = view.submit[0];
    form.append(error, submit);

    const links = document.createElement('p');
    links.className = 'auth-links';
    for (const [text, target] of view.links) {
      const link = document.createElement('button');
      link.type = 'button';
      link.className = 'link';
      link.textContent = text;
      link.addEventListener('click', () => {
        if (target === 'resend') return void run(() => resend());
        email = inputs.email?.value.trim() || email;
        render(target);
      });
      links.append(link);
    }
    form.append(links);

    const showError = (message: string | undefined) => {
      error.hidden = !message;
      error.textContent = message ?? '';
    };
    const run = async (action: () => Promise<void>) => {
      showError(undefined);
      noticeLine.hidden = true; // it was about the step before
      submit.disabled = true;
      submit.textContent = `${view.submit[1]}…`;
      form.setAttribute('aria-busy', 'true');
      try {
        await action();
      } catch (failure) {
        showError(authErrorMessage(failure));
      } finally {
        submit.disabled = false;
        submit.textContent = view.submit[0];
        form.removeAttribute('aria-busy');
      }
    };
    const resend = async () => {
      if (currentStep === 'confirmSignUp') await resendSignUpCode({ username: email });
      else await resetPassword({ username: email });
      noticeLine.textContent = `A new code is on its way to ${email}.`;
      noticeLine.hidden = false;
    };
    /** Problems found before anything is sent (the pool checks again). */
    const newPasswordProblem = () =>
      passwordProblems(inputs.password.value, outputs.auth?.password_policy)[0] ?? confirmationProblem(inputs.password.value, inputs.confirmPassword.value);

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (inputs.email) email = inputs.email.value.trim();
      void run(async () => {
        switch (step) {
          case 'signIn': {
            const { nextStep } = await signIn({ username: email, password: inputs.password.value });
            if (nextStep.signInStep === 'DONE') {
              await restoreSession();
              dialog.close();
            } else if (nextStep.signInStep === 'CONFIRM_SIGN_UP') {
              await resendSignUpCode({ username: email });
              notice = 'Your account is not confirmed yet: we sent you a new code.';
              render('confirmSignUp');
            } else if (nextStep.signInStep === 'RESET_PASSWORD') {
              await resetPassword({ username: email });
              render('confirmResetPassword');
            } else {
              throw Object.assign(new Error(nextStep.signInStep), { name: 'UnsupportedSignInStep' }); // MFA and the like: the pool does not ask for them
            }
            return;
          }
          case 'signUp': {
            const problem = newPasswordProblem();
            if (problem) return showError(problem);
            await signUp({ username: email, password: inputs.password.value, options: { userAttributes: { email } } });
            render('confirmSignUp');
            return;
          }
          case 'confirmSignUp':
            await confirmSignUp({ username: email, confirmationCode: inputs.code.value.trim() });
            notice = 'Your account is confirmed. Sign in.';
            render('signIn');
            return;
          case 'forgotPassword':
            await resetPassword({ username: email });
            render('confirmResetPassword');
            return;
          case 'confirmResetPassword': {
            const problem = newPasswordProblem();
            if (problem) return showError(problem);
            await confirmResetPassword({ username: email, confirmationCode: inputs.code.value.trim(), newPassword: inputs.password.value });
            notice = 'Your password is changed. Sign in with the new one.';
            render('signIn');
            return;
          }
        }
      });
    });

    dialog.replaceChildren(form);
    // The first field still to fill (the email is carried from step to step).
    const first = view.fields.find((f) => f.name !== 'email' || !email);
    (first ? inputs[first.name] : submit).autofocus = true;
    if (dialog.open) (first ? inputs[first.name] : submit).focus();
  };

  return {
    open(step = 'signIn') {
      render(step);
      if (!dialog.open) dialog.showModal();
    },
    close: () => dialog.close(),
  };
}

function paragraph(id: string, text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.id = id;
  p.textContent = text;
  return p;
}
