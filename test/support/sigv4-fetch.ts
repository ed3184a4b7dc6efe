/** A SigV4-signed POST, the way an IAM client calls AppSync. */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export async function signedHeaders(url: string, body: string, credentials: { accessKeyId: string; secretAccessKey: string }, o: { region?: string; signingDate?: Date } = {}) {
  const target = new URL(url);
  const signer = new SignatureV4({ service: 'appsync', region: o.region ?? 'us-east-1', sha256: Sha256, credentials });
  const signed = await signer.sign(
    new HttpRequest({ method: 'POST', protocol: target.protocol, hostname: target.hostname, port: Number(target.port), path: target.pathname, headers: { host: target.host, 'content-type': 'application/json' }, body }),
    { signingDate: o.signingDate },
  );
  return signed.headers as Record<string, string>;
}

export async function iamPost(url: string, payload: unknown, credentials: { accessKeyId: string; secretAccessKey: string }, o: { signingDate?: Date; tamper?: (body: string) => string } = {}) {
  const body = JSON.stringify(payload);
  const headers = await signedHeaders(url, body, credentials, o);
  return fetch(url, { method: 'POST', headers, body: o.tamper ? o.tamper(body) : body });
}
