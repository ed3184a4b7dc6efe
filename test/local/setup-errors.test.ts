/**
 * Missing prerequisites are named with what to do: `npm run outputs` without AWS configuration or
 * without a deployed stack, a port in use at `npm start`, a data directory written by a newer
 * version, the browser tests without Chromium. Each runs as a user would run it, in a process.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_NAMES } from '../../infra/stack-outputs.js';
import { claimDataDir, DATA_FORMAT, DataDirTooNewError } from '../../local/data-dir-format.js';
import { ANY_FREE_PORTS } from '../../local/config.js';
import { repoRoot } from '../support/paths.js';
import { runProcess } from '../support/processes.js';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'blobs-setup-errors-'));
});
afterAll(async () => rm(scratch, { recursive: true, force: true }));

/** The environment of a machine with no AWS configuration at all. */
function noAwsEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  return {
    ...env,
    HOME: join(scratch, 'home'),
    AWS_CONFIG_FILE: join(scratch, 'home/no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'home/no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

const outputs = (args: string[], env: NodeJS.ProcessEnv) => runProcess(process.execPath, ['--import', 'tsx', 'scripts/write-amplify-outputs.ts', ...args], { cwd: repoRoot, env, timeoutMs: 120_000 });
const npmStart = (env: Record<string, string>) =>
  runProcess(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, ...ANY_FREE_PORTS, BLOBS_OUTPUTS_FILE: join(scratch, 'never-written.json'), ...env },
    timeoutMs: 120_000,
  });

describe('npm run outputs', () => {
  /** A CloudFormation endpoint (AWS query protocol) that knows one stack, BlobsStack. */
  let cloudformation: ReturnType<typeof createHttpServer>;
  let endpoint: string;
  beforeAll(async () => {
    const member = (key: string, value: string) => `<member><OutputKey>${key}</OutputKey><OutputValue>${value}</OutputValue></member>`;
    cloudformation = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const params = new URLSearchParams(body);
        res.setHeader('content-type', 'text/xml');
        if (params.get('Action') !== 'DescribeStacks' || params.get('StackName') !== 'BlobsStack') {
          res.statusCode = 400;
          res.end(`<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${params.get('StackName')} does not exist</Message></Error><RequestId>r1</RequestId></ErrorResponse>`);
          return;
        }
        const known: Record<string, string> = { GraphQLUrl: 'https://abc.appsync-api.eu-west-1.amazonaws.com/graphql', Region: 'eu-west-1', ApiKey: 'da2-deployedkey', UserPoolId: 'eu-west-1_Pool' };
        // Every output the stack declares, so the test follows the stack as it grows.
        const outputsXml = Object.values(OUTPUT_NAMES)
          .map((name) => member(name, known[name] ?? (name.endsWith('Url') ? `https://${name.toLowerCase()}.example.com/prod` : `value-of-${name}`)))
          .join('');
        res.end(
          `<DescribeStacksResponse><DescribeStacksResult><Stacks><member><StackName>BlobsStack</StackName><StackId>arn:aws:cloudformation:eu-west-1:1:stack/BlobsStack/1</StackId><CreationTime>2026-01-01T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><Outputs>${outputsXml}</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></DescribeStacksResponse>`,
        );
      });
    });
    await new Promise<void>((r) => cloudformation.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(cloudformation.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((r) => cloudformation.close(() => r())));
  const deployedEnv = () => noAwsEnv({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_ENDPOINT_URL_CLOUDFORMATION: endpoint });

  it('with no AWS configuration: says to set AWS_REGION or AWS_PROFILE, and to deploy first', async () => {
    const { code, stderr } = await outputs(['--file', join(scratch, 'a.json')], noAwsEnv());
    expect(code).toBe(1);
    expect(stderr).toContain('No AWS region is configured. Set AWS_REGION');
    expect(stderr).toContain('AWS_PROFILE');
    expect(stderr).toContain('npx cdk deploy');
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('with a region but no credentials: says how to give credentials, and to deploy first', async () => {
    const { code, stderr } = await outputs(['--file', join(scratch, 'b.json')], noAwsEnv({ AWS_REGION: 'eu-west-1' }));
    expect(code).toBe(1);
    expect(stderr).toContain('No AWS credentials were found. Set AWS_PROFILE');
    expect(stderr).toContain('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    expect(stderr).toContain('npx cdk deploy');
  });

  it('when the stack does not exist: says it must be deployed first', async () => {
    const { code, stderr } = await outputs(['--stack', 'NotDeployed', '--file', join(scratch, 'c.json')], deployedEnv());
    expect(code).toBe(1);
    expect(stderr).toContain('Stack NotDeployed does not exist in this account and region. The stack must be deployed first');
    expect(stderr).toContain('npx cdk deploy');
    await expect(readFile(join(scratch, 'c.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('for a deployed stack: writes amplify_outputs.json from its outputs', async () => {
    const file = join(scratch, 'd.json');
    const { code, stdout, stderr } = await outputs(['--file', file], deployedEnv());
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`Wrote ${file} for https://abc.appsync-api.eu-west-1.amazonaws.com/graphql (eu-west-1)`);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ data: { url: 'https://abc.appsync-api.eu-west-1.amazonaws.com/graphql', api_key: 'da2-deployedkey', aws_region: 'eu-west-1' } });
  });
});

describe('npm start', () => {
  let holder: Server;
  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => new Promise<void>((r) => holder.close(() => r())));

  it('with its GraphQL port taken: names the port and BLOBS_PORT, exit 1', async () => {
    const taken = (holder.address() as AddressInfo).port;
    const { code, stdout, stderr } = await npmStart({ BLOBS_DATA_DIR: join(scratch, 'port-data'), BLOBS_PORT: String(taken) });
    expect(code, stdout + stderr).toBe(1);
    expect(stdout + stderr).toContain(`Another process has port ${taken}: stop it, or set BLOBS_PORT to a free port (0 picks any).`);
  });

  it('on a data directory written by a newer version: refuses, says what to do, exit 2, touches nothing', async () => {
    const dataDir = join(scratch, 'newer-data');
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'format.json'), JSON.stringify({ format: DATA_FORMAT + 1 }));
    const { code, stdout, stderr } = await npmStart({ BLOBS_DATA_DIR: dataDir });
    expect(code, stdout + stderr).toBe(2);
    expect(stdout + stderr).toContain(`The data directory ${dataDir} was written by a newer version of this project (data format ${DATA_FORMAT + 1}; this version reads up to ${DATA_FORMAT})`);
    expect(stdout + stderr).toContain('point BLOBS_DATA_DIR at another directory');
    expect(await readdir(dataDir)).toEqual(['format.json']);
  });

  it('marks a new data directory with its format, and accepts its own', async () => {
    const dataDir = join(scratch, 'fresh-data');
    await mkdir(dataDir, { recursive: true });
    await claimDataDir(dataDir);
    expect(JSON.parse(await readFile(join(dataDir, 'format.json'), 'utf8'))).toEqual({ format: DATA_FORMAT });
    await expect(claimDataDir(dataDir)).resolves.toBeUndefined();
    await writeFile(join(dataDir, 'format.json'), JSON.stringify({ format: DATA_FORMAT + 5 }));
    await expect(claimDataDir(dataDir)).rejects.toBeInstanceOf(DataDirTooNewError);
  });
});

describe('browser tests without Chromium', () => {
  it('fail with one line saying how to install it, no stack trace', async () => {
    const { code, stdout, stderr } = await runProcess(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/local/fixtures/no-chromium.vitest.config.ts'], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1' },
      timeoutMs: 120_000,
    });
    const output = stdout + stderr;
    expect(code, output).toBe(1);
    expect(output).toContain('MissingPrerequisite: The browser tests need Chromium at /nonexistent/bin/chromium, and it is not there. Install it with `sudo apt-get install -y chromium`');
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain('chromium.ts:');
  });
});
