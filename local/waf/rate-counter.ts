/**
 * WAF's rate-based rule: requests per key (the client IP) in a trailing window, counted in
 * one-second buckets so a flood costs a counter increment, not a timestamp per request. Blocked
 * requests count too, as WAF counts every request the rule sees: a client that keeps hammering
 * stays blocked until it slows down.
 */
export class RateCounter {
  private readonly buckets = new Map<string, { second: number; counts: Map<number, number> }>();

  constructor(
    private readonly limit: number,
    private readonly windowSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request from `key`; true when that puts it over the limit. */
  hit(key: string): boolean {
    const second = Math.floor(this.now() / 1000);
    let entry = this.buckets.get(key);
    if (!entry) this.buckets.set(key, (entry = { second, counts: new Map() }));
    entry.second = second;
    entry.counts.set(second, (entry.counts.get(second) ?? 0) + 1);
    let total = 0;
    for (const [s, count] of entry.counts) {
      if (s <= second - this.windowSeconds) entry.counts.delete(s);
      else total += count;
    }
    if (this.buckets.size > 10_000) this.forgetIdle(second);
    return total > this.limit;
  }

  /** Keys not seen for a whole window hold nothing that still counts. */
  private forgetIdle(second: number): void {
    for (const [key, entry] of this.buckets) if (entry.second <= second - this.windowSeconds) this.buckets.delete(key);
  }
}
