/**
 * bench/chart.png: one bar per checked figure, as a fraction of its target (the dashed line is the
 * target; for "at most" figures the bar is target ÷ value, so longer is always better); reported
 * figures are listed under the bars with the machine. Drawn as SVG and rasterised by sharp: no
 * downloads, no browser.
 */
import sharp from 'sharp';
import { isChecked, meets, type Metric } from '../lib/metrics.js';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function chartSvg(metrics: Record<string, Metric>, subtitle: string): string {
  const entries = Object.entries(metrics).filter((entry): entry is [string, Metric & { target: NonNullable<Metric['target']> }] => isChecked(entry[1]));
  const reported = Object.entries(metrics).filter(([, m]) => !isChecked(m));
  const width = 1000;
  const left = 260;
  const barArea = 560;
  const rowHeight = 34;
  const top = 70;
  const barsBottom = top + entries.length * rowHeight + 40;
  const height = barsBottom + (reported.length ? 30 + reported.length * 20 : 0);
  const scaleMax = 3; // bars are capped at 3× the target
  const x = (fraction: number) => left + (Math.min(fraction, scaleMax) / scaleMax) * barArea;
  const rows = entries.map(([name, m], i) => {
    const y = top + i * rowHeight;
    const fraction = m.target.op === '>=' ? m.value / m.target.value : m.target.value / Math.max(m.value, 1e-9);
    const colour = meets(m) ? '#2e9e5b' : '#d9534f';
    const label = `${formatValue(m)} (target ${m.target.op === '>=' ? '≥' : '≤'} ${m.target.value})`;
    return [
      `<text x="${left - 10}" y="${y + 21}" text-anchor="end" font-size="15" fill="#222">${escape(name)}</text>`,
      `<rect x="${left}" y="${y + 6}" width="${Math.max(2, x(fraction) - left)}" height="${rowHeight - 12}" fill="${colour}" rx="3"/>`,
      `<text x="${x(fraction) + 8}" y="${y + 21}" font-size="13" fill="#333">${escape(label)}</text>`,
    ].join('');
  });
  const ticks = [0, 1, 2, 3].map((t) => `<line x1="${x(t)}" y1="${top - 6}" x2="${x(t)}" y2="${barsBottom - 34}" stroke="${t === 1 ? '#555' : '#ddd'}" stroke-dasharray="${t === 1 ? '6,4' : '2,4'}"/><text x="${x(t)}" y="${barsBottom - 16}" text-anchor="middle" font-size="12" fill="#666">${t}× target</text>`);
  const notes = reported.map(
    ([name, m], i) => `<text x="20" y="${barsBottom + 30 + i * 20}" font-size="13" fill="#333">${escape(`${name}: ${formatValue(m)} — reported, not checked (a machine time)`)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, Arial, sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="20" y="30" font-size="20" font-weight="bold" fill="#111">npm run bench — each checked figure against its target (longer is better)</text>
<text x="20" y="52" font-size="13" fill="#555">${escape(subtitle)}</text>
${ticks.join('\n')}
${rows.join('\n')}
${notes.join('\n')}
</svg>`;
}

export function formatValue(m: Metric): string {
  const digits = m.unit === 'ratio' ? (m.value >= 10 ? 1 : 2) : m.unit === 'MB' ? 0 : m.value >= 100 ? 0 : 1;
  return `${m.value.toFixed(digits)}${m.unit === 'ratio' ? '×' : ` ${m.unit}`}`;
}

export async function renderChart(metrics: Record<string, Metric>, subtitle: string, file: string): Promise<void> {
  await sharp(Buffer.from(chartSvg(metrics, subtitle))).png().toFile(file);
}
