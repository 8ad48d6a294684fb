import type { FinetuneReportOptions, ReportTable } from '@bert/trainer';
import type { SplitEvaluation } from './evaluate.js';
import type { SplitName } from './load-data.js';
import type { FinetuneOptions } from './options.js';

/** The report's extra content: metric curves, score tables per split and the eval confusion matrix. */
export function reportOptions(
  options: FinetuneOptions,
  evaluations: Partial<Record<SplitName, SplitEvaluation>>,
  primary: { readonly name: string },
  summary: Record<string, string | number | null>,
): FinetuneReportOptions {
  const tables: ReportTable[] = [];
  for (const [name, evaluation] of Object.entries(evaluations) as [SplitName, SplitEvaluation][]) {
    const metrics = Object.entries(evaluation.metrics).filter(([key]) => !key.startsWith('f1_'));
    if (metrics.length > 0) tables.push({ caption: `${name}: metrics`, columns: ['metric', 'value'], rows: metrics });
    if (evaluation.entities !== undefined) {
      const rows: (string | number)[][] = Object.entries(evaluation.entities.perType).map(([type, scores]) => [
        type,
        scores.precision,
        scores.recall,
        scores.f1,
        scores.support,
      ]);
      const { micro, macro } = evaluation.entities;
      rows.push(['micro avg', micro.precision, micro.recall, micro.f1, micro.support]);
      rows.push(['macro avg', macro.precision, macro.recall, macro.f1, macro.support]);
      tables.push({
        caption: `${name}: entities (seqeval)`,
        columns: ['type', 'precision', 'recall', 'f1', 'support'],
        rows,
      });
    } else if (evaluation.classification !== undefined) {
      const rows = evaluation.classification.perClass
        .filter((scores) => scores.support > 0)
        .map((scores) => [scores.label, scores.precision, scores.recall, scores.f1, scores.support]);
      tables.push({ caption: `${name}: per class`, columns: ['label', 'precision', 'recall', 'f1', 'support'], rows });
    }
  }
  const evalClassification = evaluations.eval?.classification ?? evaluations.test?.classification;
  const summaryWithScores: Record<string, string | number | null> = { task: options.task, ...summary };
  for (const name of ['eval', 'test'] as const) {
    const value = evaluations[name]?.metrics[primary.name];
    if (value !== undefined) summaryWithScores[`${name} ${primary.name}`] = Number(value.toFixed(4));
  }
  return {
    title: `Fine-tuning: ${options.task}`,
    summary: summaryWithScores,
    metricFields: ['eval_accuracy', 'eval_f1', 'eval_macro_f1', 'eval_mcc', 'eval_pearson', 'eval_spearman'],
    tables,
    ...(evalClassification === undefined
      ? {}
      : { confusion: { labels: evalClassification.labels, matrix: evalClassification.confusionMatrix } }),
  };
}
