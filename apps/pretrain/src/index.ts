// The app's library functions, for tests and the benchmark; the CLI is src/cli.ts.
export { type FillMaskOptions, findTokenizerFile, formatFillMask, runFillMask } from './fill-mask.js';
export { formatLogLines, main } from './main.js';
export {
  CORPUS_FORMATS,
  LOSSES,
  OBJECTIVES,
  type Objective,
  PRETRAIN_DEFAULTS,
  type PretrainOptions,
  presetPositions,
  type ResolvedCommand,
  resolveCommand,
  SEED_DEFAULTS,
  type SeedOptions,
  TOKENIZER_KINDS,
} from './options.js';
export {
  checkOutput,
  inspectOutput,
  mergeResumeFlags,
  RUN_ARGS_FILE,
  readRunFlags,
  savedFlags,
  TOKENIZER_FILE,
} from './output-dir.js';
export {
  type PretrainHooks,
  type PretrainingData,
  type PretrainResult,
  preparePretrainingData,
  pretrain,
} from './pretrain.js';
export { runSeed, type SeedDemo, type SeedHooks, type SeedResult, seedWarmupEpochs } from './seed.js';
export { trainTokenizer } from './train-tokenizer.js';
