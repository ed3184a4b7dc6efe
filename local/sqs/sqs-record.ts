/** The SQS message record Lambda's SQS event source delivers (SQSEvent.Records[n]), as AWS shapes it. */
import { createHash } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';

/** What S3 is, as the sender of its event notifications, in a message's SenderId. */
const S3_SENDER_ID = 'AIDAJHIPRHEMV73VRJEBU';

export interface StoredMessage {
  id: string;
  body: string;
  sentAt: number;
  firstReceivedAt?: number;
  receiveCount: number;
}

export function sqsRecord(m: StoredMessage, receiptHandle: string, queue: { arn: string; region: string }): SQSRecord {
  return {
    messageId: m.id,
    receiptHandle,
    body: m.body,
    attributes: {
      ApproximateReceiveCount: String(m.receiveCount),
      SentTimestamp: String(m.sentAt),
      SenderId: S3_SENDER_ID,
      ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(m.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: queue.region,
  };
}
