/** A stable colour per label name, so a label's bar and its boxes match. */
export function colourFor(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `hsl(${hash % 360} 75% 42%)`;
}
