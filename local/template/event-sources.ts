/**
 * The template's SQS event sources, as Lambda's poller would run them: which function consumes
 * which queue, in batches of how many, with how many invocations at once, whether it reports
 * batch item failures, and the queue's visibility timeout and redrive policy. The local queue
 * stand-in (local/sqs/) paces exactly as these say, so pacing is declared once (infra/pacing.ts).
 */
import { resolveIntrinsics, type PseudoParameters, type Resolver } from './intrinsics.js';
import type { TemplateFunction } from './iam-from-template.js';
import type { CfnTemplate } from './types.js';

export interface QueueEventSource {
  /** The consuming function's api/wiring.ts name. */
  functionName: string;
  queueArn: string;
  deadLetterQueueArn?: string;
  batchSize: number;
  /** ScalingConfig.MaximumConcurrency; Lambda's default without one is its own scaling (up to 1,250), here 1,000. */
  maxConcurrency: number;
  reportBatchItemFailures: boolean;
  visibilityTimeoutSeconds: number;
  /** Receives after which a message moves to the dead-letter queue (none: never). */
  maxReceiveCount?: number;
}

/** SQS's and Lambda's defaults, for properties a template leaves out. */
const DEFAULTS = { batchSize: 10, maxConcurrency: 1000, visibilityTimeoutSeconds: 30 } as const;

export function queueEventSources(template: CfnTemplate, functions: readonly TemplateFunction[], resolver: Resolver, pseudo: PseudoParameters): QueueEventSource[] {
  const resolve = (value: unknown) => resolveIntrinsics(value, resolver, pseudo);
  const queueIdOf = (value: unknown) => {
    const arg = (value as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
    return Array.isArray(arg) ? String(arg[0]) : undefined;
  };
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::EventSourceMapping')
    .flatMap(([id, r]) => {
      const p = r.Properties ?? {};
      const queueId = queueIdOf(p.EventSourceArn);
      const queue = queueId ? template.Resources[queueId] : undefined;
      if (queue?.Type !== 'AWS::SQS::Queue') return []; // another kind of event source: not served locally
      const fnId = (p.FunctionName as { Ref?: string } | undefined)?.Ref;
      const fn = functions.find((f) => f.logicalId === fnId);
      if (!fn) throw new Error(`${id}: FunctionName is not a Ref to a function of this template`);
      const q = queue.Properties ?? {};
      const redrive = q.RedrivePolicy as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown } | undefined;
      const scaling = p.ScalingConfig as { MaximumConcurrency?: number } | undefined;
      return [
        {
          functionName: fn.name,
          queueArn: String(resolve(p.EventSourceArn)),
          deadLetterQueueArn: redrive?.deadLetterTargetArn ? String(resolve(redrive.deadLetterTargetArn)) : undefined,
          batchSize: Number(p.BatchSize ?? DEFAULTS.batchSize),
          maxConcurrency: Number(scaling?.MaximumConcurrency ?? DEFAULTS.maxConcurrency),
          reportBatchItemFailures: ((p.FunctionResponseTypes ?? []) as string[]).includes('ReportBatchItemFailures'),
          visibilityTimeoutSeconds: Number(q.VisibilityTimeout ?? DEFAULTS.visibilityTimeoutSeconds),
          maxReceiveCount: redrive?.maxReceiveCount === undefined ? undefined : Number(redrive.maxReceiveCount),
        },
      ];
    });
}
