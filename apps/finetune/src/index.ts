// The app's library functions, for tests; the CLI is src/cli.ts.
export {
  type EncodedSplit,
  type EvaluationContext,
  evaluateSplit,
  type PredictionRecord,
  primaryMetric,
  type SplitEvaluation,
} from './evaluate.js';
export {
  type FinetuneHooks,
  type FinetuneResult,
  finetune,
  METRICS_JSON,
  PREDICTIONS_FILE,
  RUN_ARGS_FILE,
  TEST_PREDICTIONS_FILE,
} from './finetune.js';
export { brownTaskData, loadTaskData, type RawSplit, readSplit, simplifyBrownTag, type TaskData } from './load-data.js';
export type { CliIo } from '@bert/cli';
export { formatLogLines, main } from './main.js';
export { createFinetuneModel, findTokenizer, loadTokenizer, trainWordPiece } from './model-setup.js';
export {
  DATA_FORMATS,
  FINETUNE_DEFAULTS,
  type FinetuneOptions,
  type PredictOptions,
  resolveFinetuneOptions,
  resolvePredictOptions,
  TASKS,
  type Task,
} from './options.js';
export { runPredict } from './predict.js';
