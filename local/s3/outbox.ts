/**
 * At-least-once event delivery that survives a crash: an event is written to disk before the
 * upload is acknowledged, removed only after its handler succeeds, retried with backoff, moved
 * to `dead-letter/` after the last attempt, and redelivered from disk on the next start.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../atomic-file.js';

export interface OutboxOptions {
  dir: string;
  deliver: (event: unknown) => Promise<void>;
  maxConcurrent?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  /**
   * What a failed delivery means: retry it (the default), dead-letter it now (the receiver
   * already gave up on it), or keep it on disk for the next start (the receiver is stopping).
   */
  onFailure?: (error: unknown) => 'retry' | 'dead-letter' | 'keep';
  log?: (entry: Record<string, unknown>) => void;
}

export async function createOutbox(o: OutboxOptions) {
  const pendingDir = join(o.dir, 'pending');
  const deadDir = join(o.dir, 'dead-letter');
  await mkdir(pendingDir, { recursive: true });
  await mkdir(deadDir, { recursive: true });
  const maxConcurrent = o.maxConcurrent ?? 4;
  const maxAttempts = o.maxAttempts ?? 10;
  const baseDelay = o.baseDelayMs ?? 250;
  const log = o.log ?? ((e) => console.error(JSON.stringify(e)));

  const queue: string[] = [];
  const inFlight = new Set<Promise<void>>();
  const waits = new Map<NodeJS.Timeout, () => void>();
  let closed = false;
  let sequence = 0;

  const pump = () => {
    while (!closed && inFlight.size < maxConcurrent && queue.length) {
      const file = queue.shift()!;
      const job = attempt(file, 1).finally(() => {
        inFlight.delete(job);
        pump();
      });
      inFlight.add(job);
    }
  };

  async function attempt(file: string, n: number): Promise<void> {
    const path = join(pendingDir, file);
    let event: unknown;
    try {
      event = JSON.parse(await readFile(path, 'utf8'));
    } catch {
      return; // already delivered by an earlier attempt
    }
    try {
      await o.deliver(event);
      await rm(path, { force: true });
    } catch (error) {
      const verdict = o.onFailure?.(error) ?? 'retry';
      if (verdict === 'keep') return;
      if (verdict === 'dead-letter' || n >= maxAttempts) {
        await rename(path, join(deadDir, file)).catch(() => {});
        log({ level: 'ERROR', message: 'S3 event delivery failed for good; moved to dead-letter', file, attempts: n, error: (error as Error).message });
        return;
      }
      const delay = Math.min(30_000, baseDelay * 2 ** (n - 1)) * (0.5 + Math.random() / 2);
      log({ level: 'WARN', message: 'S3 event delivery failed; will retry', file, attempt: n, delayMs: Math.round(delay), error: (error as Error).message });
      if (closed) return; // stays on disk; redelivered at next start
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waits.delete(timer);
          resolve();
        }, delay);
        waits.set(timer, resolve);
      });
      if (!closed) await attempt(file, n + 1);
    }
  }

  // Whatever a previous run left undelivered goes first, oldest first.
  queue.push(...(await readdir(pendingDir)).filter((f) => f.endsWith('.json')).sort());
  pump();

  return {
    /** Durably records the event; resolves once it is on disk (deliver happens later). */
    async add(event: unknown): Promise<void> {
      const file = `${Date.now().toString().padStart(15, '0')}-${(sequence++).toString().padStart(6, '0')}-${randomBytes(4).toString('hex')}.json`;
      // Its temporary name does not end in .json, so a restart's scan never picks up half an event.
      await writeFileAtomically(join(pendingDir, file), JSON.stringify(event));
      queue.push(file);
      pump();
    },
    pendingCount: () => queue.length + inFlight.size,
    async close(timeoutMs = 5_000): Promise<void> {
      closed = true;
      for (const [timer, wake] of waits) {
        clearTimeout(timer);
        wake();
      }
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    },
  };
}
