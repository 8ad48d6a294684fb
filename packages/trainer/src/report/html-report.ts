import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type { LogEntry } from '../checkpoint/trainer-state.js';

export const REPORT_FILE = 'report.html';

export interface ReportOptions {
  readonly title?: string;
  /** Key facts shown above the charts (final step, best metric, stop reason, …). */
  readonly summary?: Readonly<Record<string, string | number | null>>;
}

/** One chart: a title and the log fields it draws against `step`. */
interface ChartSpec {
  readonly title: string;
  readonly fields: readonly string[];
  readonly log?: boolean;
}

/**
 * Renders `report.html`: a single self-contained page (opens offline, no network) with loss, accuracy, learning
 * rate, gradient norm and throughput curves drawn by uPlot, whose JS and CSS are read from node_modules and inlined.
 */
export function renderReport(history: readonly LogEntry[], options: ReportOptions = {}): string {
  const title = options.title ?? 'Training report';
  const fields = new Set(history.flatMap((entry) => Object.keys(entry)));
  // Training curves first, then their eval counterparts, so colours pair up the same way in every chart.
  const pick = (test: (field: string) => boolean) =>
    [...fields]
      .filter(test)
      .sort(
        (left, right) =>
          Number(left.startsWith('eval_')) - Number(right.startsWith('eval_')) || (left < right ? -1 : 1),
      );
  const charts: ChartSpec[] = [
    { title: 'Loss', fields: pick((f) => f === 'loss' || f === 'eval_loss' || (f.endsWith('_loss') && f !== 'loss')) },
    { title: 'Accuracy', fields: pick((f) => f.includes('accuracy')) },
    { title: 'Learning rate', fields: pick((f) => f === 'lr') },
    { title: 'Gradient norm (before clipping)', fields: pick((f) => f === 'grad_norm') },
    { title: 'Throughput (tokens/s)', fields: pick((f) => f === 'tokens_per_second') },
  ].filter((chart) => chart.fields.length > 0);
  const steps = [...new Set(history.map((entry) => entry.step))].sort((left, right) => left - right);
  const rowOf = new Map(steps.map((step, index) => [step, index]));
  const columns: Record<string, (number | null)[]> = {};
  for (const field of fields) {
    if (field === 'step') continue;
    const column = new Array<number | null>(steps.length).fill(null);
    for (const entry of history) {
      const value = entry[field];
      if (typeof value === 'number' && Number.isFinite(value)) column[rowOf.get(entry.step) as number] = value;
    }
    columns[field] = column;
  }
  const data = { steps, columns, charts };
  const summary = Object.entries(options.summary ?? {})
    .map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(formatValue(value))}</td></tr>`)
    .join('');
  const { script, css } = uplotAssets();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; }
table { border-collapse: collapse; margin-bottom: 16px; }
th, td { text-align: left; padding: 2px 12px 2px 0; }
th { font-weight: 600; }
.chart { margin: 16px 0 24px; }
.empty { color: #888; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<table>${summary}</table>
<div id="charts">${charts.length === 0 ? '<p class="empty">No metrics were logged.</p>' : ''}</div>
<script>${script}</script>
<script>
const DATA = ${safeJson(data)};
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const container = document.getElementById('charts');
const width = () => Math.min(960, document.body.clientWidth - 16);
// Small values (learning rates) in exponent form; otherwise three significant digits.
const formatTick = (v) => v == null ? '' : v !== 0 && Math.abs(v) < 0.01 ? v.toExponential(1) : String(+v.toPrecision(3));
for (const chart of DATA.charts) {
  const element = document.createElement('div');
  element.className = 'chart';
  container.appendChild(element);
  const series = [{ label: 'step' }].concat(chart.fields.map((field, index) => ({
    label: field, stroke: COLORS[index % COLORS.length], width: 1.5, spanGaps: true,
    points: { show: field.startsWith('eval_') },
  })));
  const plot = new uPlot({
    title: chart.title, width: width(), height: 260, series,
    scales: { x: { time: false } },
    axes: [{ label: 'step' }, { size: 70, values: (u, splits) => splits.map(formatTick) }],
  }, [DATA.steps].concat(chart.fields.map((field) => DATA.columns[field])), element);
  window.addEventListener('resize', () => plot.setSize({ width: width(), height: 260 }));
}
</script>
</body>
</html>
`;
}

/**
 * Writes `renderReport(...)` to `path`, creating its directory. The page goes to a temporary file first and is
 * renamed into place, so a run that dies while writing leaves the previous report whole.
 */
export async function writeReport(
  path: string,
  history: readonly LogEntry[],
  options: ReportOptions = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, renderReport(history, options));
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}

let assets: { script: string; css: string } | undefined;

/**
 * uPlot's minified build and stylesheet from node_modules. Its license banner is a URL; it is replaced by a banner
 * naming the project and license, so the page contains no URL at all (nothing that could trigger a fetch).
 */
function uplotAssets(): { script: string; css: string } {
  if (assets === undefined) {
    const require = createRequire(import.meta.url);
    const version = (require('uplot/package.json') as { version: string }).version;
    const script = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8').replace(
      /^\/\*![^*]*\*\//,
      `/*! uPlot v${version}, MIT License, (c) Leon Sorokin (leeoniya/uPlot) */`,
    );
    const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
    assets = { script: script.replaceAll('</script', '<\\/script'), css };
  }
  return assets;
}

function safeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function formatValue(value: string | number | null): string {
  if (value === null) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(5);
  return value;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
