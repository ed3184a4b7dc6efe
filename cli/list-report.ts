/** `blobs list` output: a table for people, the page as JSON for programs (--json). */
import type { Blob } from '../api/generated/graphql.js';
import type { BlobPage } from '../client/index.js';

export function listAsJson(page: BlobPage): string {
  return `${JSON.stringify({ items: page.items, nextToken: page.nextToken ?? null }, null, 2)}\n`;
}

const summary = (blob: Blob) => {
  if (blob.status === 'FAILED') return `${blob.error?.code ?? 'UNKNOWN'}: ${blob.error?.message ?? ''}`;
  const labels = [...(blob.labels ?? [])].sort((a, b) => b.confidence - a.confidence);
  if (blob.status !== 'LABELLED') return '';
  return labels.length ? labels.slice(0, 4).map((l) => `${l.name} ${l.confidence.toFixed(1)}%`).join(', ') + (labels.length > 4 ? ', …' : '') : '(no labels)';
};

export function listAsTable(page: BlobPage): string {
  if (page.items.length === 0) return 'No images yet.\n';
  const header = ['ID', 'CREATED', 'STATUS', 'LABELS / ERROR'];
  const rows = page.items.map((b) => [b.id, b.createdAt, b.status, summary(b)]);
  const widths = [0, 1, 2].map((i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
