/**
 * `blobs token create NAME [--days N] [--json]`, `blobs token list [--json]`, `blobs token revoke ID`:
 * the signed-in user's personal access tokens (for BLOBS_TOKEN in scripts and CI). Signed in
 * with `blobs login` only: a token cannot manage tokens.
 */
import { EXIT, type ExitCode } from '../exit.js';
import type { ApiFlags } from '../outputs.js';
import { runSignedIn } from '../signed-in-command.js';

type Flags = Pick<ApiFlags, 'outputs'> & { json?: boolean; days?: number };
const userOnly = { userOnly: true };

export async function create(name: string, flags: Flags): Promise<ExitCode> {
  return runSignedIn(
    flags.outputs,
    async (client) => {
      const made = await client.createAccessToken(name, flags.days);
      if (flags.json) process.stdout.write(`${JSON.stringify(made, null, 2)}\n`);
      else process.stdout.write(`${made.token}\n`);
      process.stderr.write(`Token ${made.id} (${made.name}) expires ${made.expiresAt}. It is shown only now: use it as BLOBS_TOKEN.\n`);
      return EXIT.ok;
    },
    undefined,
    userOnly,
  );
}

export async function list(flags: Flags): Promise<ExitCode> {
  return runSignedIn(
    flags.outputs,
    async (client) => {
      const tokens = await client.listAccessTokens();
      if (flags.json) process.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`);
      else if (tokens.length === 0) process.stdout.write('No access tokens (blobs token create NAME makes one).\n');
      else process.stdout.write(`${['ID  NAME  CREATED  LAST USED  EXPIRES', ...tokens.map((t) => [t.id, t.name, t.createdAt, t.lastUsedAt ?? 'never', t.expiresAt].join('  '))].join('\n')}\n`);
      return EXIT.ok;
    },
    undefined,
    userOnly,
  );
}

export async function revoke(id: string, flags: Flags): Promise<ExitCode> {
  return runSignedIn(
    flags.outputs,
    async (client) => {
      if (await client.revokeAccessToken(id)) {
        process.stdout.write(`Revoked ${id}.\n`);
        return EXIT.ok;
      }
      process.stderr.write(`blobs: no token ${id} of yours\n`);
      return EXIT.notAllOk;
    },
    undefined,
    userOnly,
  );
}
