/** What a call that must fail threw, for tests that assert on an error's name and message. */

/** Resolves to the error the promise rejected with (Amplify's or the SDK's); fails if it resolved. */
export async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error('expected a failure');
}
