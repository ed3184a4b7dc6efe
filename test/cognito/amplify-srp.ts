/**
 * Amplify's own client-side SRP code (@aws-amplify/auth, utils/srp), loaded by file path since
 * the package's exports map hides it. Tests compute their vectors with it, so the server maths
 * is checked against what the real client sends, not against itself.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const authDir = dirname(createRequire(import.meta.url).resolve('@aws-amplify/auth/package.json'));
const srpDir = join(authDir, 'dist/esm/providers/cognito/utils/srp');
const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(join(srpDir, file)).href)) as T;

export interface AmplifyBigInteger {
  toString(radix: number): string;
}
type BigIntegerClass = new (value: string, radix: number) => AmplifyBigInteger;
interface Helper {
  A: AmplifyBigInteger;
  k: AmplifyBigInteger;
  getPasswordAuthenticationKey(o: { username: string; password: string; serverBValue: AmplifyBigInteger; salt: AmplifyBigInteger }): Promise<Uint8Array>;
}

export async function amplifySrp() {
  const { default: BigInteger } = await load<{ default: BigIntegerClass }>('BigInteger/BigInteger.mjs');
  const { default: AuthenticationHelper } = await load<{ default: new (o: object) => Helper }>('AuthenticationHelper/AuthenticationHelper.mjs');
  const { calculateA } = await load<{ calculateA(o: object): Promise<AmplifyBigInteger> }>('calculate/calculateA.mjs');
  const { getAuthenticationHelper, getSignatureString, getNowString } = await load<{
    getAuthenticationHelper(poolName: string): Promise<Helper>;
    getSignatureString(o: { userPoolName: string; username: string; challengeParameters: Record<string, string>; dateNow: string; hkdf: Uint8Array }): string;
    getNowString(): string;
  }>('index.mjs');
  const { INIT_N } = await load<{ INIT_N: string }>('constants.mjs');
  const { getPaddedHex } = await load<{ getPaddedHex(n: AmplifyBigInteger): string }>('getPaddedHex.mjs');

  /** A helper with a chosen secret `a`, so a vector is reproducible. */
  async function helperWithSecret(poolName: string, aHex: string): Promise<Helper> {
    const N = new BigInteger(INIT_N, 16);
    const g = new BigInteger('2', 16);
    const a = new BigInteger(aHex, 16);
    const A = await calculateA({ a, g, N });
    return new AuthenticationHelper({ userPoolName: poolName, a, g, A, N });
  }

  return { BigInteger, getAuthenticationHelper, helperWithSecret, getSignatureString, getNowString, getPaddedHex };
}
