// Optimizer, schedules, clipping
export {
  ADAMW_DEFAULTS,
  AdamW,
  type AdamWConfig,
  adam,
  type MomentState,
  type OptimizerState,
  resolveAdamWConfig,
} from './optim/adamw.js';
export { type ClippedGradients, clipByGlobalNorm } from './optim/clip.js';
export { isNoDecayParameter, parameterGroups } from './optim/param-groups.js';
export {
  constantSchedule,
  cosineSchedule,
  type LearningRateSchedule,
  linearSchedule,
  SCHEDULE_NAMES,
  type ScheduleName,
  type ScheduleState,
  scheduleFromState,
} from './optim/schedules.js';

// Training loop
export { type AccumulatedGradients, accumulateGradients, microBatchShares } from './loop/accumulate.js';
export type { EpochBatches, TrainBatches } from './loop/batch-source.js';
export { EarlyStopping, type EarlyStoppingOptions, type EarlyStoppingState } from './loop/early-stopping.js';
export { evaluateLoss } from './loop/evaluate.js';
export type { LossFunction, LossOutput } from './loop/loss-function.js';
export { METRICS_FILE, MetricsLog, parseMetricsLog } from './loop/metrics-log.js';
export { dropoutSeed } from './loop/seeds.js';
export { type TrainStepInputs, type TrainStepResult, trainStep } from './loop/train-step.js';
export { type StopReason, Trainer, type TrainResult } from './loop/trainer.js';
export {
  defaultTokenCount,
  type EvalMetrics,
  type ResolvedTrainerOptions,
  type RngStateProvider,
  resolveTrainerOptions,
  type TrainerOptions,
} from './loop/trainer-options.js';

// Pretraining objective
export {
  assertPretrainingBatch,
  countTokens,
  maskedWeightSum,
  type PretrainingBatch,
  type PretrainingTensors,
  toTensors,
} from './pretraining/pretraining-batch.js';
export {
  type PretrainingLossOptions,
  type PretrainingLossOutput,
  pretrainingLoss,
  pretrainingLossFn,
} from './pretraining/pretraining-loss.js';

// Checkpoints
export {
  type CheckpointEntry,
  checkpointName,
  latestCheckpoint,
  listCheckpoints,
  removeTemporaries,
  rotateCheckpoints,
} from './checkpoint/checkpoint-dirs.js';
export { type LoadCheckpointTargets, loadCheckpoint } from './checkpoint/load-checkpoint.js';
export { prepareModelWeights } from './checkpoint/model-weights.js';
export { OPTIMIZER_FILE, parseOptimizerState, serializeOptimizerState } from './checkpoint/optimizer-file.js';
export { type CheckpointContents, type SaveCheckpointOptions, saveCheckpoint } from './checkpoint/save-checkpoint.js';
export {
  type LogEntry,
  readTrainerState,
  TRAINER_STATE_FILE,
  type TrainerStateJson,
} from './checkpoint/trainer-state.js';

// Reports and errors
export { REPORT_FILE, type ReportOptions, renderReport, writeReport } from './report/html-report.js';
export { NonFiniteLossError, TensorLeakError } from './errors.js';

// Fine-tuning: objectives, prediction, metrics, report
export { type FinetuneBatch, finetuneInputs, labelledTokenCount } from './finetuning/finetune-batch.js';
export { sequenceClassificationLossFn, tokenClassificationLossFn } from './finetuning/finetune-loss.js';
export { argmax, type ExampleLogits, predictLogits, softmax } from './finetuning/predict.js';
export {
  accuracy,
  type ClassificationMetrics,
  type ClassScores,
  classificationMetrics,
  classScores,
  confusionMatrix,
  matthewsCorrelation,
} from './metrics/classification-metrics.js';
export {
  averageRanks,
  pearsonCorrelation,
  type RegressionMetrics,
  regressionMetrics,
  spearmanCorrelation,
} from './metrics/regression-metrics.js';
export {
  type Entity,
  type EntityScores,
  endOfChunk,
  getEntities,
  type SeqevalReport,
  seqevalReport,
  startOfChunk,
} from './metrics/seqeval.js';
export {
  type FinetuneReportOptions,
  type ReportTable,
  renderConfusionMatrix,
  renderFinetuneReport,
  writeFinetuneReport,
} from './report/finetune-report.js';
