/**
 * The application's metrics offline: the same EMF lines the functions write on AWS, collected
 * from stdout and summed per metric and dimension set, since start and per minute. `npm start`
 * prints each minute as one line; GET /_local/metrics answers the totals as JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmfSample } from './emf.js';
import { tapEmf } from './stdout-tap.js';

export interface MetricTotal {
  namespace: string;
  name: string;
  unit: string;
  dimensions: Record<string, string>;
  /** How many values were recorded, their sum, smallest and largest. */
  samples: number;
  sum: number;
  min: number;
  max: number;
}

export interface LocalMetrics {
  /** Totals since the stack started, and of the minute that ended last. */
  snapshot(): { since: string; totals: MetricTotal[]; lastMinute: MetricTotal[] };
  /** Ends the current minute: its totals become lastMinute, and are returned. */
  rollMinute(): MetricTotal[];
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): void;
}

const keyOf = (s: EmfSample) => `${s.namespace}|${s.name}|${JSON.stringify(Object.entries(s.dimensions).sort())}`;

function add(into: Map<string, MetricTotal>, s: EmfSample): void {
  const key = keyOf(s);
  let total = into.get(key);
  if (!total) into.set(key, (total = { namespace: s.namespace, name: s.name, unit: s.unit, dimensions: s.dimensions, samples: 0, sum: 0, min: Infinity, max: -Infinity }));
  for (const v of s.values) {
    total.samples++;
    total.sum += v;
    total.min = Math.min(total.min, v);
    total.max = Math.max(total.max, v);
  }
}

export function collectLocalMetrics(now: () => Date = () => new Date()): LocalMetrics {
  const since = now().toISOString();
  const totals = new Map<string, MetricTotal>();
  let minute = new Map<string, MetricTotal>();
  let lastMinute: MetricTotal[] = [];
  const stop = tapEmf((samples) => {
    for (const s of samples) {
      add(totals, s);
      add(minute, s);
    }
  });
  const snapshot = () => ({ since, totals: [...totals.values()], lastMinute });
  return {
    snapshot,
    rollMinute() {
      lastMinute = [...minute.values()];
      minute = new Map();
      return lastMinute;
    },
    async handle(req, res) {
      if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET' }).end();
        return;
      }
      const body = JSON.stringify(snapshot());
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    },
    close: stop,
  };
}

/** One line for a minute: each metric's sum (counts) or mean and max (times), dimensions in brackets. */
export function formatMinute(totals: readonly MetricTotal[]): string {
  const parts = totals.map((t) => {
    const dims = Object.entries(t.dimensions).filter(([k]) => k !== 'service');
    const name = dims.length ? `${t.name}[${dims.map(([k, v]) => `${k}=${v}`).join(',')}]` : t.name;
    return t.unit === 'Milliseconds' ? `${name} mean ${Math.round(t.sum / t.samples)} ms max ${Math.round(t.max)} ms` : `${name} ${t.sum}`;
  });
  return `metrics (last minute): ${parts.length ? parts.join(', ') : 'none'}`;
}
