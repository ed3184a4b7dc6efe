/** What each benchmark reports, and the targets from issue 7 (2 cores). */
export type Comparison = '>=' | '<=';

export interface Metric {
  value: number;
  unit: string;
  target: { op: Comparison; value: number };
  /** How the figure is formed, in words (shown in BENCHMARKS.md). */
  formula: string;
  /** The raw measurements behind the figure. */
  detail: Record<string, number | string>;
}

export const targets = {
  engine_rps_vs_raw_http: { op: '>=', value: 0.3 },
  engine_rps_vs_simulator: { op: '>=', value: 10 },
  blob_query_rps_vs_getitem: { op: '>=', value: 0.7 },
  fanout_vs_raw_ws: { op: '>=', value: 0.5 },
  fanout_p99_ms: { op: '<=', value: 200 },
  e2e_overhead_p50_ms: { op: '<=', value: 30 },
  labeller_images_per_s: { op: '>=', value: 5 },
  start_ready_s: { op: '<=', value: 3 },
  idle_rss_mb: { op: '<=', value: 400 },
} as const satisfies Record<string, Metric['target']>;

export type MetricName = keyof typeof targets;

export const meets = (m: Metric) => (m.target.op === '>=' ? m.value >= m.target.value : m.value <= m.target.value);

export function metric(name: MetricName, value: number, unit: string, formula: string, detail: Metric['detail']): [MetricName, Metric] {
  return [name, { value, unit, target: targets[name], formula, detail }];
}

export type Step = (text: string) => void;
