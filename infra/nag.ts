/**
 * cdk-nag's AwsSolutions pack, registered the cdk-nag 3.x way (a CDK policy-validation plugin;
 * the old `Aspects.of(app).add(...)` form fails with "aspect.visit is not a function").
 * Acknowledgements are made next to the resource they concern, each with its reason, via
 * `acknowledge` below, so a reviewer reads the justification where the resource is defined.
 */
import { Validations, type App, type Stage } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { FunctionCalls } from '../rehearse/contracts/analyse.js';
import { RehearsalChecks } from '../rehearse/plugin.js';

export function applyAwsSolutionsChecks(app: App | Stage): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/** The deploy rehearsal's rules (rehearse/), beside cdk-nag: what AWS refuses only at deploy fails the synth. */
export function applyRehearsalChecks(app: App | Stage, functionCalls?: readonly FunctionCalls[]): void {
  Validations.of(app).addPlugins(new RehearsalChecks(functionCalls));
}

/**
 * Acknowledges one cdk-nag finding on a construct (and its children). `id` is a rule
 * (`AwsSolutions-S1`) or a single finding of a rule (`AwsSolutions-IAM5[Resource::*]`).
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Singleton Lambda functions that aws-cdk-lib adds for features it implements with custom
 * resources, keyed by the id prefix CDK gives them at stack level. Their code and roles are
 * CDK's, not ours: each gets the AWSLambdaBasicExecutionRole managed policy and a policy
 * CDK scopes as tightly as the APIs allow.
 */
const CDK_PROVIDERS: Record<string, { what: string; wildcard?: string }> = {
  LogRetention: {
    what: 'sets the retention of the AppSync log group',
    wildcard: 'logs:PutRetentionPolicy/DeleteRetentionPolicy on "*": the log group is named after the API id, known only at deploy time',
  },
  BucketNotificationsHandler: {
    what: 'configures the upload bucket\'s ObjectCreated notification',
  },
};

/** Acknowledges, with reasons, the findings on aws-cdk-lib's own custom-resource providers in `stack`. */
export function acknowledgeCdkProviders(stack: IConstruct): void {
  for (const child of stack.node.children) {
    const provider = Object.entries(CDK_PROVIDERS).find(([prefix]) => child.node.id.startsWith(prefix));
    if (!provider) continue;
    const [, { what, wildcard }] = provider;
    acknowledge(child, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', `aws-cdk-lib's provider that ${what} uses the basic Lambda logging policy; its role is CDK's, not ours.`);
    if (wildcard) acknowledge(child, 'AwsSolutions-IAM5[Resource::*]', `aws-cdk-lib's provider that ${what}: ${wildcard}.`);
  }
}
