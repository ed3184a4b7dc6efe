/**
 * What each benchmark reports, and the targets (2 cores). A figure checked against a target is a
 * ratio to a baseline measured in the same run, so it says something about the code rather than
 * the machine. Figures with no honest same-run baseline are reported with the machine they ran
 * on and not checked; idle memory alone keeps an absolute ceiling.
 */
import { availableParallelism, cpus } from 'node:os';

export type Comparison = '>=' | '<=';
export interface Target {
  op: Comparison;
  value: number;
}

export interface Metric {
  value: number;
  unit: string;
  /** Absent for a figure that is reported, not checked. */
  target?: Target;
  /** How the figure is formed, in words (shown in BENCHMARKS.md). */
  formula: string;
  /** The raw measurements behind the figure. */
  detail: Record<string, number | string>;
  /** When the run that measured it ended (ISO 8601): `--only` runs keep the other figures' own. */
  measuredAt?: string;
}

export const targets = {
  engine_rps_vs_raw_http: { op: '>=', value: 0.3 },
  engine_rps_vs_simulator: { op: '>=', value: 10 },
  blob_query_rps_vs_getitem: { op: '>=', value: 0.7 },
  // Verifying an RS256 token per request, as AppSync does, should cost little next to the query.
  userpool_rps_vs_apikey: { op: '>=', value: 0.7 },
  // An access token through the Lambda authorizer (issue 20): one GetItem of its hash per request.
  lambda_auth_rps_vs_apikey: { op: '>=', value: 0.7 },
  // Signed-in reads (issue 12): RS256 token verification and the owner check on top of blob(id);
  // the sealed nextToken and ten items on top of a page. Measured 0.84 and 2.6 with the machine
  // at load 18 (the SDK's client costs more CPU than the engine's): floors with room for noise.
  my_blobs_rps_vs_query: { op: '>=', value: 0.5 },
  blob_user_pool_rps_vs_getitem: { op: '>=', value: 0.7 },
  // searchBlobs (issue 18): one name, a page of 10, for an owner with 1,000 blobs: the engine, the
  // function's Query and its BatchGetItem of the records, against one bare Query of byLabel.
  search_rps_vs_query: { op: '>=', value: 0.5 },
  fanout_vs_raw_ws: { op: '>=', value: 0.5 },
  // Issue 21: what upload → onBlobLabelled costs beyond inference, as a multiple of the path's
  // bare parts (one S3 PUT, the handler's DynamoDB writes, one websocket delivery) timed alone.
  e2e_overhead_vs_bare_path: { op: '<=', value: 2 },
  labeller_scaling: { op: '>=', value: 0.9 },
  cli_help_vs_node: { op: '<=', value: 3 },
  // `npm start` under the template's IAM (policies read from the cached template, every call
  // evaluated) against the same start with BLOBS_ENFORCE_IAM=false, in the same run.
  start_iam_vs_off: { op: '<=', value: 1.3 },
  // The labelling path (issue 17: "not worse than today's", today being no enforcement): each of
  // its dozen AWS calls evaluated, microseconds against hundreds of ms of labelling; room for noise.
  labelling_iam_vs_off: { op: '<=', value: 1.1 },
  // The one absolute figure checked: a ceiling, not a speed.
  idle_rss_mb: { op: '<=', value: 400 },
  // The offline Rekognition's features against DetectLabels in the same run: ceilings well above
  // the measured ratios, so a model that got much slower (or stopped being reused) fails.
  image_properties_vs_labels: { op: '<=', value: 2 },
  text_vs_labels: { op: '<=', value: 15 },
  faces_vs_labels: { op: '<=', value: 6 },
  moderation_vs_labels: { op: '<=', value: 2 },
  // Issue 21: the converted nsfwjs model on onnxruntime-node against nsfwjs on tfjs-wasm, whole operation.
  moderation_native_vs_wasm: { op: '>=', value: 3 },
  // Issue 21: DetectLabels with human's CenterNet and BlazeFace converted, against human on tfjs-wasm.
  labeller_native_vs_wasm: { op: '>=', value: 3 },
  // Issue 18: the bytes of the gallery's first page of thumbnails against the same page of full images.
  gallery_bytes_vs_full: { op: '<=', value: 0.1 },
  // Labelling paced to a throttled Rekognition (issue 23): images/s ÷ the configured TPS, 0 lost.
  paced_throughput_vs_tps: { op: '>=', value: 0.8 },
  // Reported with the machine they ran on, not checked (machine times, memory of the models).
  models_worker_rss_mb: null,
  models_worker_rss_mb_native: null,
  models_worker_rss_mb_wasm: null,
  fanout_p99_ms: null,
  start_ready_s: null,
  // Issue 21: `blobs label` on 100 photos, before (wasm) and after (native), and the speed-up.
  label_folder_wasm_s: null,
  label_folder_native_s: null,
  label_folder_native_speedup: null,
} as const satisfies Record<string, Target | null>;

export type MetricName = keyof typeof targets;

export const isChecked = (m: Metric): m is Metric & { target: Target } => m.target !== undefined;
/** True for a reported figure: there is nothing to miss. */
export const meets = (m: Metric) => !isChecked(m) || (m.target.op === '>=' ? m.value >= m.target.value : m.value <= m.target.value);

export function metric(name: MetricName, value: number, unit: string, formula: string, detail: Metric['detail']): [MetricName, Metric] {
  const target = targets[name];
  return [name, target ? { value, unit, target, formula, detail } : { value, unit, formula, detail }];
}

/** The machine a machine-dependent figure was measured on, for its detail. */
export function thisMachine(): Metric['detail'] {
  return { cores: availableParallelism(), cpu: cpus()[0]?.model.trim() ?? 'unknown CPU', node: process.version };
}

export type Step = (text: string) => void;
