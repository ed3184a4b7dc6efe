/**
 * Polls until `check` returns something other than undefined, with a deadline generous enough for
 * a busy 2-core machine. Tests wait on outcomes this way, never on a fixed sleep.
 */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, o: { what: string; timeoutMs?: number; intervalMs?: number }): Promise<T> {
  const timeoutMs = o.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${o.what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 50));
  }
}
