/**
 * The results beyond labels, one table per asked-for feature, printed under the labels table.
 * Files that did not ask for a feature do not appear in its table; a feature that failed shows
 * its code and reason instead of a result.
 */
import type { BlobFeature, FaceDetail, ImageProperties, ModerationLabel, TextDetection } from '../api/generated/graphql.js';
import type { FileOutcome } from './run-files.js';

type Row = string[];

function table(title: string, header: Row, rows: Row[]): string {
  if (!rows.length) return '';
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: Row) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return `\n${title}\n${[line(header), ...rows.map(line)].join('\n')}\n`;
}

const pct = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${n.toFixed(1)}`);
const fileName = (o: FileOutcome) => o.file.split(/[\\/]/).pop() ?? o.file;

/** The rows of one feature for one file: its results, or its failure. */
function rowsFor<T>(o: FileOutcome, feature: BlobFeature, result: T | null | undefined, toRows: (r: NonNullable<T>) => Row[], width: number): Row[] {
  if (!o.features?.includes(feature) || o.status === 'ERROR') return [];
  const failed = o.featureErrors?.find((e) => e.feature === feature);
  // A message instead of a result goes in the last (free-width) column.
  const note = (text: string): Row => [fileName(o), ...Array(width - 2).fill(''), text];
  if (failed) return [note(`${failed.code}: ${failed.message}`)];
  if (result === null || result === undefined) return [];
  const rows = toRows(result as NonNullable<T>);
  return rows.length ? rows.map((r) => [fileName(o), ...r]) : [note('(none found)')];
}

const colours = (p: { dominantColors: ImageProperties['dominantColors'] } | null | undefined) =>
  (p?.dominantColors ?? []).map((c) => `${c.hexCode} ${c.cssColor ?? c.simplifiedColor ?? ''} ${c.pixelPercent.toFixed(0)}%`.replace(/\s+/g, ' ')).join(', ');

const propertiesRows = (p: ImageProperties): Row[] => [[pct(p.quality?.brightness), pct(p.quality?.sharpness), pct(p.quality?.contrast), colours(p) || '(none)']];

const textRows = (t: TextDetection[]): Row[] => t.filter((d) => d.type === 'LINE').map((d) => [`${d.confidence.toFixed(1)}%`, d.detectedText]);

const faceRows = (faces: FaceDetail[]): Row[] =>
  faces.map((f, i) => {
    const emotion = [...(f.emotions ?? [])].sort((a, b) => b.confidence - a.confidence)[0];
    const b = f.boundingBox;
    return [
      `#${i + 1} ${f.confidence.toFixed(1)}%`,
      f.ageRange ? `${f.ageRange.low ?? '?'}–${f.ageRange.high ?? '?'}` : '–',
      f.gender?.value ?? '–',
      emotion ? `${emotion.type} ${emotion.confidence.toFixed(0)}%` : '–',
      `${b.left.toFixed(2)},${b.top.toFixed(2)} ${b.width.toFixed(2)}×${b.height.toFixed(2)}`,
    ];
  });

const moderationRows = (labels: ModerationLabel[]): Row[] => labels.map((m) => [`${m.confidence.toFixed(1)}%`, m.parentName ? `${m.parentName} › ${m.name}` : m.name]);

export function featureTables(outcomes: FileOutcome[]): string {
  return [
    table('IMAGE PROPERTIES', ['FILE', 'BRIGHTNESS', 'SHARPNESS', 'CONTRAST', 'DOMINANT COLOURS'], outcomes.flatMap((o) => rowsFor(o, 'IMAGE_PROPERTIES', o.imageProperties, propertiesRows, 5))),
    table('TEXT (lines)', ['FILE', 'CONFIDENCE', 'TEXT'], outcomes.flatMap((o) => rowsFor(o, 'TEXT', o.text, textRows, 3))),
    table('FACES', ['FILE', 'FACE', 'AGE', 'GENDER', 'EMOTION', 'BOX (left,top w×h)'], outcomes.flatMap((o) => rowsFor(o, 'FACES', o.faces, faceRows, 6))),
    table('MODERATION', ['FILE', 'CONFIDENCE', 'LABEL'], outcomes.flatMap((o) => rowsFor(o, 'MODERATION', o.moderationLabels, moderationRows, 3))),
  ].join('');
}
