import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { LogEntry } from '../checkpoint/trainer-state.js';
import { renderReport } from './html-report.js';

/** Extra content of a fine-tuning report, shown under the training curves. */
export interface FinetuneReportOptions {
  readonly title?: string;
  readonly summary?: Readonly<Record<string, string | number | null>>;
  /** Eval metrics to draw against the step (e.g. `eval_f1`, `eval_mcc`); the training report has loss and accuracy. */
  readonly metricFields?: readonly string[];
  /** Tables of final scores: a caption, column names and rows (numbers shown with 4 digits). */
  readonly tables?: readonly ReportTable[];
  /** Confusion matrix of the evaluation set: rows true, columns predicted. */
  readonly confusion?: { readonly labels: readonly string[]; readonly matrix: readonly (readonly number[])[] };
}

export interface ReportTable {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function cell(value: string | number | null): string {
  if (value === null) return '–';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4);
  return escapeHtml(value);
}

/**
 * The confusion matrix as an HTML table, rows = true label, columns = predicted, each cell shaded by its share of
 * the row (so a class's recall reads as the darkness of its diagonal cell). Matrices beyond 40 classes show the 40
 * most frequent true classes.
 */
export function renderConfusionMatrix(labels: readonly string[], matrix: readonly (readonly number[])[]): string {
  const totals = matrix.map((row) => row.reduce((sum, value) => sum + value, 0));
  let shown = labels.map((_, index) => index);
  if (shown.length > 40)
    shown = shown
      .sort((left, right) => (totals[right] ?? 0) - (totals[left] ?? 0))
      .slice(0, 40)
      .sort((a, b) => a - b);
  const head = shown.map((index) => `<th class="col">${escapeHtml(labels[index] ?? String(index))}</th>`).join('');
  const body = shown
    .map((row) => {
      const total = totals[row] ?? 0;
      const cells = shown
        .map((column) => {
          const value = matrix[row]?.[column] ?? 0;
          const share = total === 0 ? 0 : value / total;
          const color = row === column ? `rgba(44,160,44,${share.toFixed(3)})` : `rgba(214,39,40,${share.toFixed(3)})`;
          return `<td style="background:${color}" title="${(share * 100).toFixed(1)}% of true ${escapeHtml(labels[row] ?? '')}">${value}</td>`;
        })
        .join('');
      return `<tr><th>${escapeHtml(labels[row] ?? String(row))}</th>${cells}<td class="total">${total}</td></tr>`;
    })
    .join('');
  const note =
    shown.length < labels.length
      ? `<p class="note">${shown.length} most frequent of ${labels.length} classes.</p>`
      : '';
  return `<table class="confusion"><tr><th>true \\ predicted</th>${head}<th>total</th></tr>${body}</table>${note}`;
}

function renderTable(table: ReportTable): string {
  const head = table.columns.map((column) => `<th>${escapeHtml(column)}</th>`).join('');
  const rows = table.rows.map((row) => `<tr>${row.map((value) => `<td>${cell(value)}</td>`).join('')}</tr>`).join('');
  return `<h2>${escapeHtml(table.caption)}</h2><table class="scores"><tr>${head}</tr>${rows}</table>`;
}

/**
 * `renderReport`'s page (loss, accuracy, learning rate, gradient norm, throughput curves; uPlot inlined, no URL) with
 * a fine-tuning section appended: curves of the chosen eval metrics (drawn with the page's uPlot), score tables and
 * the confusion matrix.
 */
export function renderFinetuneReport(history: readonly LogEntry[], options: FinetuneReportOptions = {}): string {
  const page = renderReport(history, {
    title: options.title ?? 'Fine-tuning report',
    ...(options.summary === undefined ? {} : { summary: options.summary }),
  });
  const fields = (options.metricFields ?? []).filter((field) =>
    history.some((entry) => typeof entry[field] === 'number'),
  );
  const points = history.filter((entry) => fields.some((field) => typeof entry[field] === 'number'));
  const chartData = JSON.stringify({
    steps: points.map((entry) => entry.step),
    fields,
    columns: fields.map((field) => points.map((entry) => (typeof entry[field] === 'number' ? entry[field] : null))),
  }).replace(/</g, '\\u003c');
  const chart =
    fields.length === 0
      ? ''
      : `<h2>Evaluation metrics</h2><div id="finetune-metrics"></div>
<script>
(() => {
  const data = ${chartData};
  const colors = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
  const series = [{ label: 'step' }].concat(data.fields.map((field, index) => ({ label: field, stroke: colors[index % colors.length], width: 1.5, points: { show: true } })));
  new uPlot({ title: 'Evaluation metrics', width: Math.min(960, document.body.clientWidth - 16), height: 260, series, scales: { x: { time: false } }, axes: [{ label: 'step' }, {}] },
    [data.steps].concat(data.columns), document.getElementById('finetune-metrics'));
})();
</script>`;
  const tables = (options.tables ?? []).map(renderTable).join('\n');
  const confusion =
    options.confusion === undefined
      ? ''
      : `<h2>Confusion matrix (evaluation set)</h2>${renderConfusionMatrix(options.confusion.labels, options.confusion.matrix)}`;
  const section = `<style>
h2 { font-size: 16px; margin-top: 24px; }
table.scores td, table.scores th { padding: 2px 12px 2px 0; text-align: right; }
table.confusion { border-collapse: collapse; font-size: 12px; }
table.confusion td, table.confusion th { border: 1px solid #ddd; padding: 2px 6px; text-align: right; }
table.confusion th.col { writing-mode: vertical-rl; transform: rotate(180deg); }
td.total { color: #666; }
.note { color: #666; }
</style>
<section id="finetune">
${chart}
${tables}
${confusion}
</section>
`;
  const end = page.lastIndexOf('</body>');
  return end === -1 ? page + section : page.slice(0, end) + section + page.slice(end);
}

/** Writes `renderFinetuneReport(…)` to `path` through a temporary file and a rename. */
export async function writeFinetuneReport(
  path: string,
  history: readonly LogEntry[],
  options: FinetuneReportOptions = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, renderFinetuneReport(history, options));
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}
