import type { BertConfig, ProblemType } from '../config.js';

/**
 * HF's choice of loss for sequence classification: `problemType` when set, else regression for one label,
 * single-label classification for integer labels and multi-label classification for float labels.
 */
export function resolveProblemType(config: BertConfig, labelsDtype: 'int32' | 'float32'): ProblemType {
  if (config.problemType !== null) return config.problemType;
  if (config.numLabels === 1) return 'regression';
  return labelsDtype === 'int32' ? 'single_label_classification' : 'multi_label_classification';
}
