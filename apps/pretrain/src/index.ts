// The app's library functions, for tests and the benchmark; the CLI is src/cli.ts.
export { EXIT_RUNTIME, EXIT_USAGE, oneLineMessage, UsageError } from './errors.js';
export { type FillMaskOptions, findTokenizerFile, formatFillMask, runFillMask } from './fill-mask.js';
export { type CliIo, formatLogLines, main } from './main.js';
export {
  CORPUS_FORMATS,
  LOSSES,
  OBJECTIVES,
  type Objective,
  PRETRAIN_DEFAULTS,
  type PretrainOptions,
  presetPositions,
  type RawFlags,
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
  writeFileAtomically,
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
