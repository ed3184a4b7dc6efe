/** The result for people (a table) or for programs (--json). */
import type { Label } from '../api/generated/graphql.js';
import type { FileOutcome } from './run-files.js';

export function asJson(outcomes: FileOutcome[]): string {
  return `${JSON.stringify(outcomes, null, 2)}\n`;
}

const labelText = (label: Label) => {
  const boxes = label.instances.length;
  return `${label.name} ${label.confidence.toFixed(1)}%${boxes ? ` (${boxes} box${boxes === 1 ? '' : 'es'})` : ''}`;
};

export function asTable(outcomes: FileOutcome[]): string {
  const rows = outcomes.map((o) => [
    o.file,
    o.status,
    o.ok && o.features && !o.features.includes('LABELS') ? '(labels not asked for)' : o.ok ? (o.labels?.length ? [...o.labels].sort((a, b) => b.confidence - a.confidence).map(labelText).join(', ') : '(no labels)') : `${o.error?.code}: ${o.error?.message}`,
  ]);
  const header = ['FILE', 'STATUS', 'LABELS / ERROR'];
  const widths = [0, 1].map((i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `${cells[0].padEnd(widths[0])}  ${cells[1].padEnd(widths[1])}  ${cells[2]}`.trimEnd();
  const labelled = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - labelled;
  return `${[line(header), ...rows.map(line)].join('\n')}\n\n${labelled} labelled, ${failed} failed\n`;
}
