/**
 * Holds one invocation to a pace: item i starts no sooner than i × intervalMs after the first
 * (items still overlap when one takes longer), and the whole resolves no sooner than
 * n × intervalMs. An invocation is one concurrency slot of the SQS event source, so its next
 * batch, too, starts an interval after this batch's last record: a slot starts at most one
 * record per interval, however fast Rekognition answers (infra/pacing.ts).
 */
import { setTimeout as delay } from 'node:timers/promises';

export async function paced<T, R>(items: readonly T[], intervalMs: number, run: (item: T) => Promise<R>): Promise<Array<PromiseSettledResult<R>>> {
  if (intervalMs <= 0) return Promise.allSettled(items.map(run));
  const start = Date.now();
  const settled = Promise.allSettled(
    items.map(async (item, i) => {
      const wait = start + i * intervalMs - Date.now();
      if (wait > 0) await delay(wait);
      return run(item);
    }),
  );
  const [results] = await Promise.all([settled, delay(Math.max(0, start + items.length * intervalMs - Date.now()))]);
  return results;
}
