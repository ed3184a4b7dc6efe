/**
 * aws-amplify opens its realtime socket with the global WebSocket, always over wss://. Node 20
 * has no global WebSocket, and the local stack's certificate is self-issued, so the CLI installs
 * one from `ws` that trusts the usual public roots plus the local certificate when there is one
 * (the same CLI then works against AWS and against `npm start`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { rootCertificates } from 'node:tls';
import WebSocket from 'ws';

/** --ca, then BLOBS_CA_CERT, then the certificate `npm start` generates under its data directory. */
export function findLocalCertificate(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  if (flag) return resolve(cwd, flag);
  if (env.BLOBS_CA_CERT) return resolve(cwd, env.BLOBS_CA_CERT);
  const generated = resolve(cwd, env.BLOBS_DATA_DIR ?? '.blobs', 'tls', 'localhost.crt');
  return existsSync(generated) ? generated : undefined;
}

export function installWebSocket(certificatePath: string | undefined): void {
  let ca: string[] | undefined;
  if (certificatePath) {
    try {
      ca = [...rootCertificates, readFileSync(certificatePath, 'utf8')];
    } catch (error) {
      throw new Error(`cannot read the certificate to trust at ${certificatePath}: ${(error as Error).message}`);
    }
  }
  globalThis.WebSocket = class TrustingWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, ca ? { ca } : {});
    }
  } as unknown as typeof globalThis.WebSocket;
}
