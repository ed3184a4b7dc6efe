/**
 * The synthesized template with one thing changed, written where BLOBS_TEMPLATE (or
 * startTestStack's templateFile) can run it: the deploy rehearsal's way of showing what AWS
 * would do with a template that lacks a grant.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplate } from '../../local/template/cache.js';
import type { CfnTemplate } from '../../local/template/types.js';
import { repoRoot } from './paths.js';

export async function synthesizedTemplate(): Promise<CfnTemplate> {
  return structuredClone((await loadTemplate({ rootDir: repoRoot })).template);
}

export async function writeTemplate(template: CfnTemplate): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'blobs-template-')), 'template.json');
  await writeFile(file, JSON.stringify(template));
  return file;
}

type PolicyStatement = { Action: string | string[]; [key: string]: unknown };

/**
 * Removes `action` from every statement of the policies attached to a role: the role of the
 * function whose POWERTOOLS_SERVICE_NAME is `owner`, or the role of the AppSync data source named `owner`.
 * Fails if there was nothing to remove, so a test cannot silently remove nothing.
 */
export function withoutGrant(template: CfnTemplate, owner: string, action: string): CfnTemplate {
  const roleId = roleOf(template, owner);
  let removed = 0;
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles = (resource.Properties!.Roles as Array<{ Ref?: string }>) ?? [];
    if (!roles.some((r) => r.Ref === roleId)) continue;
    const document = resource.Properties!.PolicyDocument as { Statement: PolicyStatement[] };
    document.Statement = document.Statement.flatMap((s) => {
      const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
      const kept = actions.filter((a) => a !== action);
      removed += actions.length - kept.length;
      return kept.length ? [{ ...s, Action: kept.length === 1 ? kept[0] : kept }] : [];
    });
  }
  if (!removed) throw new Error(`${owner}'s role (${roleId}) has no grant of ${action} to remove`);
  return template;
}

function roleOf(template: CfnTemplate, owner: string): string {
  for (const resource of Object.values(template.Resources)) {
    const p = resource.Properties ?? {};
    const env = (p.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
    if (resource.Type === 'AWS::Lambda::Function' && env?.POWERTOOLS_SERVICE_NAME === owner) return (p.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    if (resource.Type === 'AWS::AppSync::DataSource' && p.Name === owner) return (p.ServiceRoleArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  }
  throw new Error(`No function or data source named ${owner} in the template`);
}
