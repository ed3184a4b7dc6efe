/**
 * The rehearsal end to end: AWS's validator on the real template and on a broken one, `npm run
 * rehearse -- --template FILE` as a process (exit 1 and the finding line; exit 0 and the
 * summary), the CDK plugin that makes `cdk synth` fail, and the template with alarm e-mail on.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { lambdaFunctions } from '../../api/wiring.js';
import { buildApp } from '../../infra/build-app.js';
import { synthesizeTemplate } from '../../infra/synth-template.js';
import { validateTemplate } from '../../rehearse/cfn-validate.js';
import { defaultContext, runRules } from '../../rehearse/check.js';
import type { FunctionCalls } from '../../rehearse/contracts/analyse.js';
import { functionCalls } from '../../rehearse/contracts/cached.js';
import { RehearsalChecks } from '../../rehearse/plugin.js';
import { formatFinding, type CfnTemplate } from '../../rehearse/types.js';
import type { CfnTemplate as LocalTemplate } from '../../local/template/types.js';
import { repoRoot } from '../support/paths.js';
import { withoutGrant } from '../support/template-edit.js';
import { firstOfType, realTemplate } from './template.js';

let real: CfnTemplate;
let dir: string;

beforeAll(async () => {
  real = await realTemplate();
  dir = await mkdtemp(join(tmpdir(), 'blobs-rehearse-test-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A copy of the real template whose first function asks for 20 GB and whose key never expires in time. */
function badTemplate(): { template: CfnTemplate; fnId: string } {
  const template = structuredClone(real);
  const [fnId, fn] = firstOfType(template, 'AWS::Lambda::Function');
  fn.Properties.MemorySize = 20_480;
  return { template, fnId };
}

async function writeTemplate(name: string, template: CfnTemplate): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(template));
  return file;
}

async function runRehearse(file: string, ...more: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/rehearse.ts', '--template', file, ...more], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('@aws/cloudformation-validate', () => {
  it('finds no error in the real template', () => {
    expect(validateTemplate(real).map(formatFinding)).toEqual([]);
  });

  it('reports a property the resource type does not have, and a value of the wrong type', () => {
    const template = structuredClone(real);
    const [id, fn] = firstOfType(template, 'AWS::Lambda::Function');
    fn.Properties.Runtimee = fn.Properties.Runtime;
    fn.Properties.Timeout = 'long';
    const lines = validateTemplate(template).map(formatFinding);
    expect(lines).toContain(`cfn-validate/F3002 ${id}: Properties.Runtimee: Additional properties are not allowed ('Runtimee' was unexpected. Did you mean 'Runtime'?)`);
    expect(lines).toContain(`cfn-validate/F3012 ${id}: Properties.Timeout: 'long' is not of type 'integer'`);
  });
});

describe('npm run rehearse -- --template FILE', () => {
  it('exits 1 printing the findings, one line each, a function contract among them', async () => {
    const { template, fnId } = badTemplate();
    withoutGrant(template as LocalTemplate, 'deleteBlob', 's3:ListBucketVersions');
    const { code, stdout, stderr } = await runRehearse(await writeTemplate('bad.json', template));
    expect(code).toBe(1);
    expect(stdout.split('\n')).toContain(`lambda-limits ${fnId}: MemorySize 20480 MB is outside Lambda's 128-10240 MB`);
    expect(stdout).toMatch(/^function-contracts \w+: deleteBlob: ListObjectVersionsCommand \(functions\/lib\/image-store\.ts:\d+\) needs s3:ListBucketVersions on arn:aws:s3:::[a-z0-9.-]+, which role BlobsStack-\w+ does not allow$/m);
    expect(stdout).toMatch(/^rehearse: 2 findings in .*bad\.json \(\d+ resources\); a deploy would fail or misbehave$/m);
    expect(stderr).toMatch(new RegExp(`rehearse: \\d+ calls in ${Object.keys(lambdaFunctions).length} functions`));
  });

  it('exits 0 with a summary line on a template without findings', async () => {
    // The cached template's key expiry was fixed at its synth; renew it as a synth now would.
    const template = structuredClone(real);
    firstOfType(template, 'AWS::AppSync::ApiKey')[1].Properties.Expires = Math.floor(Date.now() / 1000) + 364 * 86_400;
    const { code, stdout, stderr } = await runRehearse(await writeTemplate('good.json', template));
    expect({ code, stdout }).toMatchObject({ code: 0, stdout: expect.stringMatching(/^rehearse: no findings in .*good\.json \(\d+ resources\)\n$/) });
    expect(stderr).toContain('running @aws/cloudformation-validate');
  });

  it('exits 2 naming a file that is not a template', async () => {
    const { code, stderr } = await runRehearse(await writeTemplate('not.json', { Description: 'no resources' } as CfnTemplate));
    expect(code).toBe(2);
    expect(stderr).toContain('is not a CloudFormation template (no Resources)');
  });

  it('exits 2 when -c, which is for a synth, comes with --template', async () => {
    const { code, stderr } = await runRehearse('unused.json', '-c', 'alarmEmail=ops@example.com');
    expect(code).toBe(2);
    expect(stderr).toContain('rehearse: -c applies to a synth; --template FILE is checked as it is');
  });
});

describe('the CDK validation plugin', () => {
  it('fails on a finding, naming the rule and the resource', async () => {
    const { template, fnId } = badTemplate();
    const report = new RehearsalChecks().validate({ templatePaths: [await writeTemplate('plugin-bad.json', template)] } as never);
    expect(report.success).toBe(false);
    expect(report.violations).toEqual([
      expect.objectContaining({ ruleName: 'lambda-limits', description: "MemorySize 20480 MB is outside Lambda's 128-10240 MB", violatingResources: [expect.objectContaining({ resourceLogicalId: fnId })] }),
    ]);
  });

  it('makes `cdk synth` fail when the stack holds a defect', async () => {
    const outdir = await mkdtemp(join(dir, 'cdk-'));
    const { app, stack } = await buildApp({ context: { 'aws:cdk:bundling-stacks': [] }, outdir, nag: false });
    const fn = stack.node.findAll().find((c): c is CfnFunction => c instanceof CfnFunction)!;
    fn.addPropertyOverride('Timeout', 3600);
    // aws-cdk-lib's own CloudFormation Validate plugin reports it too (E3717); ours names our rule.
    expect(() => app.synth()).toThrow(/ERROR Timeout 3600 s is over Lambda's 900 s \(blobs-rehearsal\)/);
  });

  describe("with the functions' calls, as infra/app.ts (cdk synth, cdk deploy) hands them in", () => {
    let calls: FunctionCalls[];
    beforeAll(async () => {
      calls = (await functionCalls(repoRoot, lambdaFunctions)).calls;
    });

    it("judges each function's IAM contract: a removed grant is a violation", async () => {
      const template = withoutGrant(structuredClone(real) as LocalTemplate, 'deleteBlob', 's3:ListBucketVersions') as CfnTemplate;
      const templatePaths = [await writeTemplate('plugin-no-grant.json', template)];
      expect(new RehearsalChecks().validate({ templatePaths } as never).success).toBe(true);
      const report = new RehearsalChecks(calls).validate({ templatePaths } as never);
      expect(report.violations).toEqual([
        expect.objectContaining({ ruleName: 'function-contracts', description: expect.stringMatching(/^deleteBlob: ListObjectVersionsCommand \(functions\/lib\/image-store\.ts:\d+\) needs s3:ListBucketVersions on arn:aws:s3:::/) }),
      ]);
      expect(new RehearsalChecks(calls).validate({ templatePaths: [await writeTemplate('plugin-real.json', real)] } as never).success).toBe(true);
    });

    it('makes `cdk synth` fail when a function lacks a grant its code needs', async () => {
      const outdir = await mkdtemp(join(dir, 'cdk-'));
      const { app, stack } = await buildApp({ context: { 'aws:cdk:bundling-stacks': [] }, outdir, nag: false, functionCalls: calls });
      removeGrant(stack, 'deleteBlob', 's3:ListBucketVersions');
      expect(() => app.synth()).toThrow(/ERROR deleteBlob: ListObjectVersionsCommand \(functions\/lib\/image-store\.ts:\d+\) needs s3:ListBucketVersions on .* does not allow \(blobs-rehearsal\)/);
    });
  });
});

/** withoutGrant's edit made on the constructs, before synth: `action` leaves the policies of `owner`'s role. */
function removeGrant(stack: Stack, owner: string, action: string): void {
  const fn = stack.node.findAll().find((c): c is CfnFunction => c instanceof CfnFunction && stack.resolve(c.environment)?.variables?.POWERTOOLS_SERVICE_NAME === owner)!;
  const roleId = (stack.resolve(fn.role) as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  let removed = 0;
  for (const policy of stack.node.findAll().filter((c): c is CfnPolicy => c instanceof CfnPolicy)) {
    if (!(stack.resolve(policy.roles) as Array<{ Ref?: string }>).some((r) => r.Ref === roleId)) continue;
    const statements = (stack.resolve(policy.policyDocument) as { Statement: Array<{ Action: string | string[] }> }).Statement;
    const kept = statements.flatMap((s) => {
      const actions = [s.Action].flat().filter((a) => a !== action);
      removed += [s.Action].flat().length - actions.length;
      return actions.length ? [{ ...s, Action: actions }] : [];
    });
    policy.addPropertyOverride('PolicyDocument.Statement', kept);
  }
  expect(removed, `${owner} has a grant of ${action} to remove`).toBeGreaterThan(0);
}

it('finds nothing in the template with alarm e-mail and the account CloudWatch role turned on', async () => {
  const template = (await synthesizeTemplate({ alarmEmail: 'ops@example.com', apiGatewayCloudWatchRole: 'true' }, { rehearse: false })) as CfnTemplate;
  expect(firstOfType(template, 'AWS::SNS::Topic')).toBeDefined();
  expect([...validateTemplate(template), ...runRules(template, defaultContext())].map(formatFinding)).toEqual([]);
});
