/**
 * `npm start` as a separate process (`node --import tsx local/main.ts`, exactly what the npm
 * script runs), so a test can `kill -9` it and start it again on the same data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { AmplifyOutputs } from '../../local/amplify-outputs.js';
import { repoRoot } from './paths.js';

export interface StackPorts {
  graphql: number;
  s3: number;
  dynamodb: number;
  rekognition: number;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export async function freePorts(): Promise<StackPorts> {
  return { graphql: await freePort(), s3: await freePort(), dynamodb: await freePort(), rekognition: await freePort() };
}

export interface StackProcess {
  child: ChildProcess;
  /** The ports it listens on (pass them to spawnStack again to restart it where clients expect it). */
  ports: StackPorts;
  outputs: AmplifyOutputs;
  apiKey: string;
  graphqlUrl: string;
  output(): string;
  /** SIGKILL: no shutdown code runs, as when a laptop loses power. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

type SpawnOptions = { dataDir: string; env?: Record<string, string>; timeoutMs?: number; ports?: StackPorts };

/**
 * Starts the stack on free ports and resolves once it has written amplify_outputs.json (its
 * readiness signal). A port found free can be taken by another test file before the stack binds
 * it: then it starts again on other ports.
 */
export async function spawnStack(o: SpawnOptions): Promise<StackProcess> {
  // A restart on the same ports: the user pool's issuer names its port, so tokens stay valid only there.
  if (o.ports) return spawnOnPorts(o, o.ports);
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnOnPorts(o, await freePorts());
    } catch (error) {
      if (attempt >= 3 || !(error as Error).message.includes('EADDRINUSE')) throw error;
    }
  }
}

async function spawnOnPorts(o: SpawnOptions, ports: StackPorts): Promise<StackProcess> {
  const outputsFile = join(o.dataDir, `amplify_outputs.${Date.now()}.json`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      BLOBS_DATA_DIR: o.dataDir,
      BLOBS_OUTPUTS_FILE: outputsFile,
      BLOBS_PORT: String(ports.graphql),
      BLOBS_S3_PORT: String(ports.s3),
      BLOBS_DYNAMODB_PORT: String(ports.dynamodb),
      BLOBS_REKOGNITION_PORT: String(ports.rekognition),
      BLOBS_WEB_ROOT: join(o.dataDir, 'no-web'),
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  while (!(await stat(outputsFile).catch(() => undefined))) {
    if (child.exitCode !== null) throw new Error(`local stack exited with ${child.exitCode} before it was ready:\n${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`local stack not ready in time:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const outputs = JSON.parse(await readFile(outputsFile, 'utf8')) as AmplifyOutputs;
  return {
    child,
    ports,
    outputs,
    apiKey: outputs.data.api_key,
    graphqlUrl: outputs.data.url,
    output: () => log,
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
