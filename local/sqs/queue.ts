/**
 * An SQS queue and the Lambda event source that consumes it, in process: messages become
 * invisible for the visibility timeout when received, are deleted when the function reports
 * them done, come back when it reports them failed (batchItemFailures) or throws, and move to
 * the dead-letter queue once received maxReceiveCount times. At most `maxConcurrency`
 * invocations run at once, each with up to `batchSize` messages, as the template's event source
 * mapping says (local/template/event-sources.ts). The function gets the SQS event AWS sends.
 *
 * `send` resolves when the message is deleted (labelled), so the S3 outbox that feeds it keeps
 * its durable copy until then and a crash loses nothing; it rejects with DeadLettered when the
 * message moved to the dead-letter queue and with QueueClosed when the stack stops.
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { QueueEventSource } from '../template/event-sources.js';
import { sqsRecord, type StoredMessage } from './sqs-record.js';

export class DeadLettered extends Error {}
export class QueueClosed extends Error {}

export interface LocalQueueOptions {
  source: QueueEventSource;
  region: string;
  consume: (event: SQSEvent) => Promise<SQSBatchResponse | void>;
  log?: (entry: Record<string, unknown>) => void;
}

interface Message extends StoredMessage {
  settle: { resolve(): void; reject(error: Error): void };
  receipt?: string;
  timer?: NodeJS.Timeout;
}

export interface QueueStats {
  sent: number;
  received: number;
  deleted: number;
  /** Messages that came back after their visibility timeout (a failure, or an invocation that outlived it). */
  returned: number;
  deadLettered: number;
  visible: number;
  inFlight: number;
}

export function startLocalQueue(o: LocalQueueOptions) {
  const { source } = o;
  const log = o.log ?? ((e) => console.error(JSON.stringify(e)));
  const visible: Message[] = [];
  const inFlight = new Map<string, Message>();
  const deadLetters: StoredMessage[] = [];
  const stats = { sent: 0, received: 0, deleted: 0, returned: 0, deadLettered: 0 };
  let waiting: Array<() => void> = [];
  let closed = false;

  const wake = () => {
    const all = waiting;
    waiting = [];
    for (const w of all) w();
  };

  function makeVisible(m: Message, receipt: string) {
    if (m.receipt !== receipt || !inFlight.has(m.id)) return;
    inFlight.delete(m.id);
    m.receipt = undefined;
    stats.returned++;
    visible.push(m);
    wake();
  }

  /** One ReceiveMessage: up to batchSize visible messages; those received too often go to the dead-letter queue instead. */
  function receive(): Message[] {
    const batch: Message[] = [];
    while (batch.length < source.batchSize && visible.length) {
      const m = visible.shift()!;
      if (source.maxReceiveCount !== undefined && m.receiveCount >= source.maxReceiveCount) {
        stats.deadLettered++;
        deadLetters.push({ id: m.id, body: m.body, sentAt: m.sentAt, firstReceivedAt: m.firstReceivedAt, receiveCount: m.receiveCount });
        log({ level: 'ERROR', message: 'message moved to the dead-letter queue', queue: source.queueArn, deadLetterQueue: source.deadLetterQueueArn, messageId: m.id, receiveCount: m.receiveCount });
        m.settle.reject(new DeadLettered(`Message ${m.id} was received ${m.receiveCount} times; moved to ${source.deadLetterQueueArn ?? 'the dead-letter queue'}`));
        continue;
      }
      m.receiveCount++;
      m.firstReceivedAt ??= Date.now();
      const receipt = randomUUID();
      m.receipt = receipt;
      m.timer = setTimeout(() => makeVisible(m, receipt), source.visibilityTimeoutSeconds * 1000);
      m.timer.unref();
      inFlight.set(m.id, m);
      batch.push(m);
    }
    stats.received += batch.length;
    return batch;
  }

  function remove(m: Message, receipt: string) {
    if (m.receipt !== receipt || !inFlight.has(m.id)) return; // came back meanwhile: its new receipt rules
    clearTimeout(m.timer);
    inFlight.delete(m.id);
    stats.deleted++;
    m.settle.resolve();
  }

  async function invoke(batch: Message[]) {
    const receipts = batch.map((m) => m.receipt!);
    const event: SQSEvent = { Records: batch.map((m, i) => sqsRecord(m, receipts[i], { arn: source.queueArn, region: o.region })) };
    let failed: Set<string>;
    try {
      const response = await o.consume(event);
      const ids = source.reportBatchItemFailures ? (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier) : [];
      // As Lambda does: an identifier that is not in the batch fails the whole batch.
      failed = ids.every((id) => batch.some((m) => m.id === id)) ? new Set(ids) : new Set(batch.map((m) => m.id));
    } catch (error) {
      log({ level: 'WARN', message: 'invocation failed; its whole batch returns after the visibility timeout', queue: source.queueArn, messages: batch.length, error: (error as Error).message });
      failed = new Set(batch.map((m) => m.id));
    }
    // Failed messages stay invisible until their visibility timeout, as on AWS.
    batch.forEach((m, i) => failed.has(m.id) || remove(m, receipts[i]));
  }

  async function poller() {
    while (!closed) {
      const batch = receive();
      if (batch.length) await invoke(batch);
      else await new Promise<void>((resolve) => waiting.push(resolve));
    }
  }
  const pollers = Array.from({ length: source.maxConcurrency }, poller);

  return {
    source,
    /** SendMessage; resolves once the message is deleted by its consumer. */
    send(body: string): Promise<void> {
      if (closed) return Promise.reject(new QueueClosed('The queue is closed'));
      return new Promise<void>((resolve, reject) => {
        visible.push({ id: randomUUID(), body, sentAt: Date.now(), receiveCount: 0, settle: { resolve, reject } });
        stats.sent++;
        wake();
      });
    },
    stats: (): QueueStats => ({ ...stats, visible: visible.length, inFlight: inFlight.size }),
    deadLetters: (): readonly StoredMessage[] => deadLetters,
    /** Stops receiving, lets running invocations finish (up to timeoutMs), and hands every unfinished message back to its sender. */
    async close(timeoutMs = 5_000): Promise<void> {
      closed = true;
      wake();
      await Promise.race([Promise.allSettled(pollers), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
      for (const m of [...visible, ...inFlight.values()]) {
        clearTimeout(m.timer);
        m.settle.reject(new QueueClosed('The queue closed before the message was consumed'));
      }
      visible.length = 0;
      inFlight.clear();
    },
  };
}

export type LocalQueue = ReturnType<typeof startLocalQueue>;
