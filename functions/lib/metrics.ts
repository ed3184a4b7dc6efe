/**
 * The functions' metrics (api/metrics.ts), written as CloudWatch embedded-metric-format lines by
 * Powertools Metrics. Each is emitted as its own line when it happens (a single-metric
 * instance), so nothing is lost when an invocation throws and no handler has to flush.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS, METRICS_NAMESPACE, METRICS_SERVICE, type MetricSpec } from '../../api/metrics.js';

let metrics: Metrics | undefined;
const instance = () => (metrics ??= new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE }));

function emit(spec: MetricSpec, value: number, dimensions: Record<string, string> = {}): void {
  const single = instance().singleMetric();
  for (const [name, v] of Object.entries(dimensions)) single.addDimension(name, v);
  single.addMetric(spec.name, MetricUnit[spec.unit], value);
}

export const record = {
  labelled(durationMs: number, outcome: 'LABELLED' | 'FAILED'): void {
    if (outcome === 'LABELLED') emit(METRICS.imagesLabelled, 1);
    emit(METRICS.labellingTime, durationMs);
  },
  featureFailed(code: string): void {
    emit(METRICS.featuresFailed, 1, { [METRICS.featuresFailed.dimension]: code });
  },
  throttled(): void {
    emit(METRICS.throttles, 1);
  },
  webhook(attempts: number, delivered: boolean): void {
    emit(METRICS.webhookDeliveries, 1);
    emit(METRICS.webhookAttempts, attempts);
    emit(METRICS.webhookFailures, delivered ? 0 : 1);
  },
};
