/**
 * The stack synthesized for a template test, and the queries those tests share. `bundle: false`
 * skips esbuild (CDK's `aws:cdk:bundling-stacks` context): the template is the same but for the
 * functions' code assets, and synth takes seconds instead of minutes. Only tests about the bundles
 * or cdk-nag on the whole app need them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type BuiltApp } from '../../infra/build-app.js';

export type Resource = { Type: string; Properties: Record<string, any> };

export interface SynthesizedStack {
  built: BuiltApp;
  template: Template;
  resourcesOf(type: string): Array<[string, Resource]>;
  /** The logical id of the function whose Description starts with `prefix`. */
  functionId(prefix: string): string;
  /** All statements of the policies attached to the role of function `fnId`. */
  statementsOf(fnId: string): Array<Record<string, any>>;
  /** The names of the data sources a field's resolver calls, in order: its own, or its pipeline functions'. */
  dataSourcesOf(typeName: string, fieldName: string): string[];
  close(): Promise<void>;
}

/** The test context every template test synthesizes with. */
export const TEST_CONTEXT = { corsOrigins: 'https://app.example.com' };

export async function synthesizeStack(o: { bundle: boolean }): Promise<SynthesizedStack> {
  const outdir = await mkdtemp(join(tmpdir(), 'blobs-cdk-'));
  const built = await buildApp({ outdir, context: { ...TEST_CONTEXT, ...(o.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) } });
  // synth runs the cdk-nag validation plugin; an unacknowledged finding makes it throw.
  built.app.synth();
  const template = Template.fromStack(built.stack);
  const resourcesOf = (type: string) => Object.entries(template.findResources(type)) as Array<[string, Resource]>;
  return {
    built,
    template,
    resourcesOf,
    functionId(prefix) {
      const found = resourcesOf('AWS::Lambda::Function').find(([, r]) => String(r.Properties.Description ?? '').startsWith(prefix));
      if (!found) throw new Error(`no function described as ${prefix}`);
      return found[0];
    },
    statementsOf(fnId) {
      const roleRef = (template.toJSON().Resources[fnId] as Resource).Properties.Role['Fn::GetAtt'][0];
      return resourcesOf('AWS::IAM::Policy')
        .filter(([, p]) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleRef))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Array<Record<string, any>>);
    },
    dataSourcesOf(typeName, fieldName) {
      const resources = template.toJSON().Resources as Record<string, Resource>;
      const resolver = resourcesOf('AWS::AppSync::Resolver').find(([, r]) => r.Properties.TypeName === typeName && r.Properties.FieldName === fieldName)?.[1].Properties;
      if (!resolver) return [];
      const steps = resolver.Kind === 'PIPELINE' ? (resolver.PipelineConfig.Functions as Array<{ 'Fn::GetAtt': [string, string] }>).map((f) => resources[f['Fn::GetAtt'][0]].Properties) : [resolver];
      // CDK names a data source by reference ({ Fn::GetAtt: [id, Name] }) or by its name.
      return steps.map((p) => (typeof p.DataSourceName === 'string' ? p.DataSourceName : resources[p.DataSourceName['Fn::GetAtt'][0]].Properties.Name));
    },
    close: () => rm(outdir, { recursive: true, force: true }),
  };
}

export const actionsOf = (statements: Array<Record<string, any>>) => statements.flatMap((s) => [s.Action].flat()).sort();
/** Every function may write its logs and (active tracing) X-Ray traces; the least-privilege tests are about the rest. */
export const ownActions = (statements: Array<Record<string, any>>) => actionsOf(statements).filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'));

/** Synthesizes once for the test file (beforeAll) and removes the output after; the queries work once it has run. */
export function useSynthesizedStack(o: { bundle: boolean }) {
  let stack: SynthesizedStack | undefined;
  // Synth with bundles runs esbuild for every function: minutes on a busy machine.
  beforeAll(async () => {
    stack = await synthesizeStack(o);
  }, 400_000);
  afterAll(() => stack?.close());
  const current = () => {
    if (!stack) throw new Error('the stack is synthesized in beforeAll: query it inside a test');
    return stack;
  };
  return {
    get template() {
      return current().template;
    },
    get built() {
      return current().built;
    },
    resourcesOf: (type: string) => current().resourcesOf(type),
    functionId: (prefix: string) => current().functionId(prefix),
    statementsOf: (fnId: string) => current().statementsOf(fnId),
    dataSourcesOf: (typeName: string, fieldName: string) => current().dataSourcesOf(typeName, fieldName),
  };
}
