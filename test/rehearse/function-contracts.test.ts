/**
 * The functions' IAM contracts (rehearse/rules/function-contracts.ts): every AWS call each
 * function's code can make, read from the code at call level, allowed by its role in the
 * template. The real template allows them all; a template minus one grant gives exactly the
 * finding that names the call site; and on a tiny fixture project, a shared module's method
 * that one function never reaches is no finding for it, while the method it reaches is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaFunctions } from '../../api/wiring.js';
import type { CfnTemplate as LocalTemplate } from '../../local/template/types.js';
import { analyseFunctions, type FunctionCalls } from '../../rehearse/contracts/analyse.js';
import { SAMPLE_KEY } from '../../rehearse/contracts/aws-calls.js';
import { functionCalls } from '../../rehearse/contracts/cached.js';
import { defaultContext } from '../../rehearse/check.js';
import { functionContracts } from '../../rehearse/rules/function-contracts.js';
import { formatFinding, type CfnTemplate } from '../../rehearse/types.js';
import { repoRoot } from '../support/paths.js';
import { withoutGrant } from '../support/template-edit.js';
import { realTemplate } from './template.js';

const findings = (template: CfnTemplate, calls: readonly FunctionCalls[]) => functionContracts(template, { ...defaultContext(), functionCalls: calls }).map(formatFinding);

/** The 1-based line of the first line of `file` holding `text`, so the tests follow edits. */
function lineOf(root: string, file: string, text: string): number {
  const index = readFileSync(join(root, file), 'utf8').split('\n').findIndex((l) => l.includes(text));
  if (index < 0) throw new Error(`${file} has no "${text}"`);
  return index + 1;
}

function functionId(template: CfnTemplate, name: string): string {
  const found = Object.entries(template.Resources ?? {}).find(([, r]) => (r.Properties as any)?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === name);
  if (!found) throw new Error(`no function ${name}`);
  return found[0];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the real functions against the real template', () => {
  let real: CfnTemplate;
  let calls: FunctionCalls[];
  const without = (owner: string, action: string) => withoutGrant(structuredClone(real) as LocalTemplate, owner, action) as CfnTemplate;
  const callsOf = (name: string) => calls.find((f) => f.name === name)!.calls.map((c) => `${c.command} ${c.file}`);

  beforeAll(async () => {
    real = await realTemplate();
    calls = (await functionCalls(repoRoot, lambdaFunctions)).calls;
  });

  it('finds every call allowed', () => {
    expect(calls.map((f) => f.name)).toEqual(Object.keys(lambdaFunctions));
    // Not vacuous: every function makes calls, labelBlob the most (S3, DynamoDB, Rekognition, Secrets Manager, AppSync).
    for (const f of calls) expect(f.calls.length, f.name).toBeGreaterThan(0);
    expect(new Set(calls.find((f) => f.name === 'labelBlob')!.calls.map((c) => c.service))).toEqual(new Set(['s3', 'dynamodb', 'rekognition', 'secretsmanager', 'appsync']));
    expect(findings(real, calls)).toEqual([]);
  });

  it('reads calls at call level: a shared module gives each function only the methods it reaches', () => {
    // blob-repository.ts holds labelBlob's UpdateItems beside deleteBlob's Get and Delete.
    expect(callsOf('labelBlob')).toContain('UpdateCommand functions/lib/blob-repository.ts');
    expect(callsOf('deleteBlob')).toEqual(expect.arrayContaining(['GetCommand functions/lib/blob-repository.ts', 'DeleteCommand functions/lib/blob-repository.ts']));
    expect(callsOf('deleteBlob')).not.toContain('UpdateCommand functions/lib/blob-repository.ts');
    // image-store.ts: labelBlob deletes one version, deleteBlob lists and deletes all, blobImageUrl presigns.
    expect(callsOf('labelBlob')).not.toContain('ListObjectVersionsCommand functions/lib/image-store.ts');
    expect(callsOf('blobImageUrl')).toEqual(['GetObjectCommand functions/lib/image-store.ts']);
  });

  it('a bucket-level grant removed: the one call that needs it', () => {
    const template = without('deleteBlob', 's3:ListBucketVersions');
    const line = lineOf(repoRoot, 'functions/lib/image-store.ts', 'new ListObjectVersionsCommand');
    expect(findings(template, calls)).toEqual([
      expect.stringMatching(new RegExp(`^function-contracts ${functionId(real, 'deleteBlob')}: deleteBlob: ListObjectVersionsCommand \\(functions/lib/image-store\\.ts:${line}\\) needs s3:ListBucketVersions on arn:aws:s3:::[a-z0-9.-]+, which role BlobsStack-\\w+ does not allow$`)),
    ]);
  });

  it('a Rekognition grant removed: the detector called through its interface', () => {
    const template = without('labelBlob', 'rekognition:DetectFaces');
    const line = lineOf(repoRoot, 'functions/lib/detectors/faces.ts', 'new DetectFacesCommand');
    expect(findings(template, calls)).toEqual([
      expect.stringMatching(new RegExp(`^function-contracts ${functionId(real, 'labelBlob')}: labelBlob: DetectFacesCommand \\(functions/lib/detectors/faces\\.ts:${line}\\) needs rekognition:DetectFaces on \\*, which role BlobsStack-\\w+ does not allow$`)),
    ]);
  });

  it('the AppSync grant removed: the signed publish, on the field it calls', () => {
    const template = without('labelBlob', 'appsync:GraphQL');
    const line = lineOf(repoRoot, 'functions/lib/appsync-publisher.ts', 'new SignatureV4(');
    expect(findings(template, calls)).toEqual([
      expect.stringMatching(new RegExp(`: labelBlob: SignatureV4\\(appsync\\) \\(functions/lib/appsync-publisher\\.ts:${line}\\) needs appsync:GraphQL on arn:aws:appsync:us-east-1:000000000000:apis/\\w+/types/Mutation/fields/publishBlobLabelled, which role`)),
    ]);
  });

  it('an index grant removed: each Query on that index, on the index ARN', () => {
    const template = without('searchBlobs', 'dynamodb:Query');
    const lines = findings(template, calls);
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).toMatch(/QueryCommand \(functions\/lib\/label-index\/streams\.ts:\d+\) needs dynamodb:Query on arn:aws:dynamodb:us-east-1:000000000000:table\/[\w-]+\/index\/byLabel,/);
    expect(lines.join('\n')).toMatch(/QueryCommand \(functions\/lib\/label-index\/counts\.ts:\d+\) needs dynamodb:Query on arn:aws:dynamodb:us-east-1:000000000000:table\/[\w-]+\/index\/labelsByOwner,/);
  });

  it('a command aws-calls.ts does not map is a finding, not a pass', () => {
    const unmapped: FunctionCalls = { name: 'createBlob', entry: lambdaFunctions.createBlob.entry, calls: [{ command: 'RestoreObjectCommand', service: 's3', file: 'functions/x.ts', line: 3, needs: [], unmapped: true }] };
    expect(findings(real, [unmapped])).toEqual([
      `function-contracts ${functionId(real, 'createBlob')}: createBlob: RestoreObjectCommand (functions/x.ts:3) has no IAM action in rehearse/contracts/aws-calls.ts, so its grant cannot be checked; add it there`,
    ]);
  });
});

describe('a fixture project: two functions sharing one module', () => {
  const root = join(repoRoot, 'test/rehearse/fixtures/function-contracts');
  let calls: FunctionCalls[];

  beforeAll(() => {
    calls = analyseFunctions(root, { reader: { entry: 'reader.ts' }, discarder: { entry: 'discarder.ts' } });
  });

  /** One bucket; the reader may read its objects (and their versions), the discarder do `discards`. */
  function fixtureTemplate(discards: string[]): CfnTemplate {
    const fn = (name: string, actions: string[]) => ({
      [`${name}Role`]: { Type: 'AWS::IAM::Role', Properties: {} },
      [`${name}Policy`]: {
        Type: 'AWS::IAM::Policy',
        Properties: { Roles: [{ Ref: `${name}Role` }], PolicyDocument: { Statement: actions.map((Action) => ({ Effect: 'Allow', Action, Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/*']] } })) } },
      },
      [`${name}Fn`]: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': [`${name}Role`, 'Arn'] }, Environment: { Variables: { POWERTOOLS_SERVICE_NAME: name, BLOB_BUCKET_NAME: { Ref: 'Bucket' } } } } },
    });
    return { Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'fixture-bucket' } }, ...fn('reader', ['s3:GetObject', 's3:GetObjectVersion']), ...fn('discarder', discards) } };
  }

  it('each function makes only the call its code reaches; a VersionId that may be undefined needs both actions', () => {
    const read = lineOf(root, 'store.ts', 'new GetObjectCommand');
    const discard = lineOf(root, 'store.ts', 'new DeleteObjectCommand');
    expect(calls).toEqual([
      { name: 'reader', entry: 'reader.ts', calls: [{ command: 'GetObjectCommand', service: 's3', file: 'store.ts', line: read, needs: [{ action: 's3:GetObject', target: 'object', detail: '' }, { action: 's3:GetObjectVersion', target: 'object', detail: '' }] }] },
      { name: 'discarder', entry: 'discarder.ts', calls: [{ command: 'DeleteObjectCommand', service: 's3', file: 'store.ts', line: discard, needs: [{ action: 's3:DeleteObject', target: 'object', detail: 'trash/' }] }] },
    ]);
  });

  it('the unreached method is no finding; the reached one without its grant is', () => {
    const line = lineOf(root, 'store.ts', 'new DeleteObjectCommand');
    // The reader imports store.ts too, and has no s3:DeleteObject: still no finding for it.
    expect(findings(fixtureTemplate(['s3:GetObject']), calls)).toEqual([
      `function-contracts discarderFn: discarder: DeleteObjectCommand (store.ts:${line}) needs s3:DeleteObject on arn:aws:s3:::fixture-bucket/trash/${SAMPLE_KEY}, which role BlobsStack-discarderRole does not allow`,
    ]);
    expect(findings(fixtureTemplate(['s3:DeleteObject']), calls)).toEqual([]);
  });
});
