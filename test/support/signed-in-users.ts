/**
 * Signed-in users for a test on the real local stack: each signs up, confirms with the pool's
 * code and signs in with the unmodified Amplify Auth (SRP), in a token store of its own, and
 * calls GraphQL through Amplify's API client with `authMode: 'userPool'`.
 */
import { generateClient } from 'aws-amplify/api';
import { confirmSignUp, signIn, signUp } from 'aws-amplify/auth';
import type { LocalStack } from '../../local/stack.js';
import { actAs, configureAmplifyAuth, MemoryStorage } from './amplify-auth.js';
import { payloadOf } from './tokens.js';

export type GraphQLFailure = { errorType: string; message: string };
/** Every such user's password (a test signing one in again, after a restart, needs it). */
export const SIGNED_IN_USERS_PASSWORD = 'Search-us3rs!';
const PASSWORD = SIGNED_IN_USERS_PASSWORD;

export async function signedInUsers<Name extends string>(stack: LocalStack, names: readonly Name[]) {
  const run = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const users = Object.fromEntries(names.map((n) => [n, { email: `${n.toLowerCase()}-${run}@example.com`, storage: new MemoryStorage(), sub: '' }])) as Record<Name, { email: string; storage: MemoryStorage; sub: string }>;
  configureAmplifyAuth(stack.outputs, users[names[0]].storage);
  const client = generateClient({ authMode: 'userPool' });
  const as = (name: Name) => actAs(users[name].storage);
  for (const name of names) {
    as(name);
    const { email, storage } = users[name];
    await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
    await confirmSignUp({ username: email, confirmationCode: stack.userPool.codes.latest(email, 'SIGN_UP')! });
    const signedIn = await signIn({ username: email, password: PASSWORD });
    if (!signedIn.isSignedIn) throw new Error(`${name} did not sign in: ${JSON.stringify(signedIn.nextStep)}`);
    users[name].sub = String(payloadOf(storage.token('accessToken')!).sub);
  }

  /** One GraphQL call as `name`; GraphQL errors are thrown as Amplify gives them. */
  async function call<T>(name: Name, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    as(name);
    return ((await client.graphql({ query, variables: variables as never })) as { data: T }).data;
  }
  /** The first GraphQL error of a call expected to fail. */
  async function refusal(name: Name, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLFailure> {
    try {
      await call(name, query, variables);
    } catch (error) {
      const errors = (error as { errors?: GraphQLFailure[] }).errors;
      if (errors?.length) return errors[0];
      throw error;
    }
    throw new Error('expected GraphQL errors');
  }
  return { users, as, call, refusal };
}
