/**
 * The labelling function's entry on AWS and locally: Lambda's SQS event source hands it a batch
 * of SQS messages, each carrying one S3 ObjectCreated event (S3 → SQS). Each message is given to
 * the S3-event handler (handler.ts, unchanged) on its own, its Rekognition calls held to the pace
 * infra/pacing.ts set (../lib/call-pace.ts), and a message that failed is reported by id
 * (batchItemFailures), so only it returns after the visibility timeout: one bad or throttled
 * image never retries its batch.
 */
import type { S3Event, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { configFromEnv, type FunctionConfig } from '../lib/config.js';
import { traced } from '../lib/tracing.js';
import { createLogger } from '../lib/logger.js';
import { createLabelBlobHandler } from './handler.js';
import { createCallPace, withCallPace } from '../lib/call-pace.js';

/** A message that is not an S3 event: retrying cannot help, so it ends in the dead-letter queue. */
export class MalformedMessage extends Error {}

/** S3 sends this once when a notification to the queue is configured; there is nothing to label. */
const isTestEvent = (body: unknown) => (body as { Event?: unknown }).Event === 's3:TestEvent';

export function createSqsLabelBlobHandler(config: FunctionConfig, labelS3Event: (event: S3Event) => Promise<void> = createLabelBlobHandler(config)) {
  const logger = createLogger('labelBlob');

  async function processMessage(record: SQSRecord): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      throw new MalformedMessage(`Message ${record.messageId} is not JSON`);
    }
    if (isTestEvent(body)) return logger.info('S3 test event ignored', { messageId: record.messageId });
    if (!Array.isArray((body as Partial<S3Event>)?.Records)) throw new MalformedMessage(`Message ${record.messageId} is not an S3 event (no Records)`);
    await labelS3Event(body as S3Event);
  }

  return async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
    const records = event.Records ?? [];
    const pace = createCallPace(config.rekognitionCallIntervalMs ?? 0);
    const results = await withCallPace(pace, () => Promise.allSettled(records.map(processMessage)));
    // This slot's next batch may call no sooner than an interval after this one's last call.
    await pace.settled();
    const batchItemFailures = records.flatMap((record, i) => {
      const result = results[i];
      if (result.status === 'fulfilled') return [];
      logger.warn('message failed; it alone returns after the visibility timeout', { messageId: record.messageId, receiveCount: record.attributes?.ApproximateReceiveCount, error: (result.reason as Error).message });
      return [{ itemIdentifier: record.messageId }];
    });
    return { batchItemFailures };
  };
}

let fromEnv: ReturnType<typeof createSqsLabelBlobHandler> | undefined;
/** The Lambda entry point: configured from the environment on first use. */
export const handler = traced((event: SQSEvent) => (fromEnv ??= createSqsLabelBlobHandler(configFromEnv()))(event));
