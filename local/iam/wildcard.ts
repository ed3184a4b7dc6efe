/** IAM's `*` and `?` wildcards. Actions compare case-insensitively, ARNs case-sensitively. */
const cache = new Map<string, RegExp>();

export function wildcardMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const id = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let regexp = cache.get(id);
  if (!regexp) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    cache.set(id, (regexp = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's')));
  }
  return regexp.test(value);
}
