/**
 * AWS's own validator, @aws/cloudformation-validate (Apache-2.0): the resource provider schemas
 * and its rules, bundled, run in WebAssembly, offline. Only ERROR and FATAL count as findings:
 * its warnings on this template are about CDK's own habits (W3005, a DependsOn beside a GetAtt)
 * and would not stop a deploy.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegoEngine, TemplateFile } from '@aws/cloudformation-validate';
import type { CfnTemplate, Finding } from './types.js';

/** Validates a template file; `validateTemplate` below takes one in memory. */
export function validateTemplateFile(path: string): Finding[] {
  const engine = new RegoEngine();
  try {
    const report = engine.validateStandard(new TemplateFile(path), { severityLevel: 'ERROR' });
    return report.diagnostics.map((d) => ({
      rule: `cfn-validate/${d.ruleId}`,
      logicalId: d.entity?.logicalId ?? 'template',
      message: d.propertyPath ? `${d.propertyPath}: ${d.message}` : d.message,
    }));
  } finally {
    engine.free();
  }
}

/** The validator reads templates from files only (TemplateFile), so one in memory goes through a temporary file. */
export function validateTemplate(template: CfnTemplate): Finding[] {
  const dir = mkdtempSync(join(tmpdir(), 'blobs-rehearse-'));
  try {
    const file = join(dir, 'template.json');
    writeFileSync(file, JSON.stringify(template));
    return validateTemplateFile(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
