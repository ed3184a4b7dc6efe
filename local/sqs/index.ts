/**
 * The queue in front of a function, as the template declares it: the event source mapping's
 * batch size and maximum concurrency, the queue's visibility timeout and redrive policy. Lambda
 * polls with the function's own role, so that role must allow what AWS requires of an SQS event
 * source (ReceiveMessage, DeleteMessage, GetQueueAttributes on the queue), or, as on AWS, the
 * event source cannot be created.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { LocalDeployment } from '../deployment.js';
import { startLocalQueue } from './queue.js';

export { DeadLettered, QueueClosed, type LocalQueue, type QueueStats } from './queue.js';

const POLLER_ACTIONS = ['sqs:GetQueueAttributes', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'] as const;

export function startFunctionQueue(o: {
  deployment: LocalDeployment;
  functionName: string;
  region: string;
  consume: (event: SQSEvent) => Promise<SQSBatchResponse | void>;
  /** The local runtime's own tuning: a cap on the template's visibility timeout. */
  maxVisibilityTimeoutSeconds?: number;
}) {
  const declared = o.deployment.queueEventSources.find((s) => s.functionName === o.functionName);
  const source = declared && { ...declared, visibilityTimeoutSeconds: Math.min(declared.visibilityTimeoutSeconds, o.maxVisibilityTimeoutSeconds ?? Infinity) };
  if (!source) throw new Error(`The template has no SQS event source for the ${o.functionName} function (AWS::Lambda::EventSourceMapping); infra/constructs/labelling-trigger.ts declares it`);
  for (const action of POLLER_ACTIONS) {
    const denied = o.deployment.authorizeFunction(o.functionName, action, source.queueArn);
    // AWS's own wording when CreateEventSourceMapping checks the execution role.
    if (denied) throw new Error(`InvalidParameterValueException: The provided execution role does not have permissions to call ${action.replace('sqs:', '')} on SQS (${denied.message})`);
  }
  return startLocalQueue({ source, region: o.region, consume: o.consume });
}
