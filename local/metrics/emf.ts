/**
 * CloudWatch's embedded metric format, read back: one JSON log line whose `_aws` member names
 * the namespace, the dimension sets and each metric's unit, with the values and dimension values
 * as top-level members (what Powertools Metrics writes and CloudWatch Logs turns into metrics).
 */
export interface EmfSample {
  namespace: string;
  name: string;
  unit: string;
  dimensions: Record<string, string>;
  values: number[];
}

type EmfDocument = {
  _aws?: { CloudWatchMetrics?: Array<{ Namespace?: string; Dimensions?: string[][]; Metrics?: Array<{ Name?: string; Unit?: string }> }> };
  [member: string]: unknown;
};

/** The samples of one line, or undefined when the line is not EMF. */
export function parseEmfLine(line: string): EmfSample[] | undefined {
  if (!line.startsWith('{') || !line.includes('"_aws"')) return undefined;
  let doc: EmfDocument;
  try {
    doc = JSON.parse(line) as EmfDocument;
  } catch {
    return undefined;
  }
  const directives = doc._aws?.CloudWatchMetrics;
  if (!Array.isArray(directives)) return undefined;
  return directives.flatMap((d) => {
    const names = [...new Set((d.Dimensions ?? []).flat())];
    const dimensions = Object.fromEntries(names.map((n) => [n, String(doc[n])]));
    return (d.Metrics ?? []).flatMap((m) => {
      const raw = m.Name ? doc[m.Name] : undefined;
      const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is number => typeof v === 'number');
      return m.Name && values.length ? [{ namespace: d.Namespace ?? '', name: m.Name, unit: m.Unit ?? 'None', dimensions, values }] : [];
    });
  });
}
