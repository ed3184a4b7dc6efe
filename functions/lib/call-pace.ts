/**
 * One invocation's pace for Rekognition: calls of one operation at least `intervalMs` apart,
 * and the invocation held until an interval after its last call. An invocation is one
 * concurrency slot of the SQS event source, so its next batch's first call, too, comes an
 * interval after this batch's last: a slot makes at most one call per operation per interval,
 * however fast Rekognition answers and however the calls bunch up (infra/pacing.ts).
 *
 * Only calls are paced, not records: an upload refused before Rekognition (not an image, too
 * small) spends none of the quota, so it waits for none of it.
 *
 * The pace is scoped with AsyncLocalStorage: the SQS entry opens it around a batch and the
 * Rekognition client's middleware (clients.ts) takes a turn before each call, so the S3-event
 * handler in between is wrapped, not edited. Outside a scope a call is not held.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<unknown>;
}
const realClock: Clock = { now: () => Date.now(), sleep: (ms) => sleep(ms) };

export interface CallPace {
  /** Resolves when a call of `operation` may go; reserves its slot at once, so concurrent callers queue. */
  turn(operation: string): Promise<void>;
  /** Resolves an interval after the last call reserved (at once if none was). */
  settled(): Promise<void>;
  /** When each call was allowed to go, per operation (for tests and logs). */
  readonly granted: ReadonlyMap<string, readonly number[]>;
}

export function createCallPace(intervalMs: number, clock: Clock = realClock): CallPace {
  const nextFree = new Map<string, number>();
  const granted = new Map<string, number[]>();
  return {
    granted,
    async turn(operation) {
      if (intervalMs <= 0) return;
      const now = clock.now();
      const at = Math.max(now, nextFree.get(operation) ?? now);
      nextFree.set(operation, at + intervalMs);
      granted.set(operation, [...(granted.get(operation) ?? []), at]);
      if (at > now) await clock.sleep(at - now);
    },
    async settled() {
      const until = Math.max(0, ...nextFree.values());
      const wait = until - clock.now();
      if (wait > 0) await clock.sleep(wait);
    },
  };
}

const current = new AsyncLocalStorage<CallPace>();

/** Runs `work` with `pace` applied to every Rekognition call made inside it. */
export function withCallPace<R>(pace: CallPace, work: () => Promise<R>): Promise<R> {
  return current.run(pace, work);
}

/** The turn a call of `operation` must wait for, if a pace is open. */
export async function awaitCallTurn(operation: string): Promise<void> {
  await current.getStore()?.turn(operation);
}
