/**
 * The local TLS certificate. aws-amplify opens its realtime socket with wss:// even for an
 * http:// GraphQL URL, so the engine must speak TLS; this certificate is made once per data
 * directory and is its own CA, so trusting it is one step (NODE_EXTRA_CA_CERTS, or a browser's
 * certificate store).
 *
 * The key and the certificate must match and appear together: both are written into a folder
 * of their own, which is then renamed into place. A reader sees both or neither, and when two
 * first starts race, one pair wins and both use it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { writeFileAtomically } from '../atomic-file.js';

export interface LocalCertificate {
  key: string;
  cert: string;
  certPath: string;
}

export async function ensureLocalCertificate(dir: string): Promise<LocalCertificate> {
  const existing = await readCertificate(dir);
  if (existing) return existing;

  const pems = await generateCertificate();
  const staging = `${dir}.${randomBytes(6).toString('hex')}.tmp`;
  await mkdir(staging, { recursive: true });
  try {
    await writeFileAtomically(join(staging, KEY_FILE), pems.private, { mode: 0o600 });
    await writeFileAtomically(join(staging, CERT_FILE), pems.cert);
    await rename(staging, dir);
  } catch (error) {
    // ENOTEMPTY/EEXIST: another start (or an earlier version) made the folder first.
    if (!['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const made = await readCertificate(dir);
  if (made) return made;
  // A folder holding only one of the two files (left by a version that wrote them in place).
  await writeFileAtomically(join(dir, KEY_FILE), pems.private, { mode: 0o600 });
  await writeFileAtomically(join(dir, CERT_FILE), pems.cert);
  return { key: pems.private, cert: pems.cert, certPath: join(dir, CERT_FILE) };
}

const CERT_FILE = 'localhost.crt';
const KEY_FILE = 'localhost.key';

async function readCertificate(dir: string): Promise<LocalCertificate | undefined> {
  const certPath = join(dir, CERT_FILE);
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(join(dir, KEY_FILE), 'utf8')]);
    return { key, cert, certPath };
  } catch {
    return undefined; // first start in this data directory
  }
}

async function generateCertificate(): Promise<{ private: string; cert: string }> {
  const now = new Date();
  return generate([{ name: 'commonName', value: 'localhost' }, { name: 'organizationName', value: 'blobs local development' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 24 * 3600 * 1000),
    notAfterDate: new Date(now.getTime() + 825 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  } as never);
}
