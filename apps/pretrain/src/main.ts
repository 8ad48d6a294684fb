import { readFileSync } from 'node:fs';
import { BACKEND_NAMES, PRESET_NAMES } from '@bert/model';
import type { LogEntry } from '@bert/trainer';
import {
  type CliIo,
  cliProgram,
  FlagReader,
  formatSeconds,
  reportFailure,
  PROCESS_IO,
  parseFlags,
  type RawFlags,
  withDefault,
} from '@bert/cli';
import type { Command } from 'commander';
import { runFillMask } from './fill-mask.js';
import {
  CORPUS_FORMATS,
  LOSSES,
  OBJECTIVES,
  PRETRAIN_DEFAULTS,
  type PretrainOptions,
  resolveCommand,
  SEED_DEFAULTS,
  TOKENIZER_KINDS,
} from './options.js';
import { mergeResumeFlags, readRunFlags, savedFlags, writeRunFlags } from './output-dir.js';
import { type PretrainResult, pretrain } from './pretrain.js';
import { runSeed } from './seed.js';

const D = PRETRAIN_DEFAULTS;
const S = SEED_DEFAULTS;

/** `bert-pretrain [options]`: flags in the spirit of HF `run_mlm.py`, defaults in the help text. */
function pretrainProgram(io: CliIo): Command {
  const choices = (values: readonly string[]) => values.join('|');
  return cliProgram('bert-pretrain', io)
    .description(
      'Pretrain BERT (masked LM + next-sentence / sentence-order prediction) on a corpus and save an HF-format model.\n' +
        'With no flag: a mini BERT on the Brown corpus with a BPE tokenizer trained on it.\n' +
        `--preset seed reproduces the course (six lines, whitespace vocabulary, batch ${S.batchSize}, ${S.epochs} epochs, Adam ${S.lr}).\n` +
        'Also: bert-pretrain fill-mask --model DIR [--top-k K] "the [MASK] sat on the mat"',
    )
    .usage('[options]')
    .option('--corpus <paths...>', 'corpus files or directories (their .txt files); default: the Brown corpus')
    .option(
      '--corpus-format <format>',
      withDefault(
        `${choices(CORPUS_FORMATS)}: a sentence per line with blank lines between documents, or prose (a document per paragraph)`,
        'lines',
      ),
    )
    .option(
      '--tokenizer <kind>',
      withDefault(`${choices(TOKENIZER_KINDS)}: tokenizer trained on the corpus`, D.tokenizer),
    )
    .option('--tokenizer-file <file>', 'use this tokenizer.json instead of training one')
    .option('--vocab-size <n>', withDefault('vocabulary of the trained tokenizer', String(D.vocabSize)))
    .option('--preset <name>', withDefault(`model size: ${choices(PRESET_NAMES)}`, D.preset))
    .option('--objective <name>', withDefault(choices(OBJECTIVES), D.objective))
    .option(
      '--loss <kind>',
      withDefault(`${choices(LOSSES)}: MLM cross-entropy or KL divergence (the course's exercise)`, D.loss),
    )
    .option(
      '--max-seq-length <n>',
      withDefault('longest [CLS] A [SEP] B [SEP]', `${D.maxSeqLength}; seed ${S.maxSeqLength}`),
    )
    .option('--batch-size <n>', withDefault('sequences per micro-batch', `${D.batchSize}; seed ${S.batchSize}`))
    .option('--grad-accum <n>', withDefault('micro-batches per optimizer step', String(D.gradAccum)))
    .option('--steps <n>', withDefault('optimizer steps', String(D.steps)))
    .option('--epochs <n>', withDefault('passes over the data instead of --steps', `seed ${S.epochs}`))
    .option('--lr <x>', withDefault('peak learning rate (AdamW; Adam for seed)', `${D.lr}; seed ${S.lr}`))
    .option(
      '--warmup-ratio <x>',
      withDefault('share of the steps with linear warmup, then linear decay', String(D.warmupRatio)),
    )
    .option('--weight-decay <x>', withDefault('AdamW decoupled weight decay', String(D.weightDecay)))
    .option('--mlm-probability <x>', withDefault('share of the tokens to predict', String(D.mlmProbability)))
    .option(
      '--max-predictions <n>',
      withDefault('prediction slots per sequence', `ceil(max-seq-length × mlm-probability); seed ${S.maxPredictions}`),
    )
    .option('--whole-word-mask', 'mask every piece of a chosen word')
    .option('--dropout <x>', withDefault('hidden and attention dropout', `${D.dropout}; seed ${S.dropout}`))
    .option('--seed <n>', withDefault('seed of data, masks, initialization and dropout', `${D.seed}; seed ${S.seed}`))
    .option(
      '--output <dir>',
      withDefault(
        'output directory (model, tokenizer.json, checkpoints, metrics.jsonl, report.html)',
        'out/pretrain-<preset>; seed: none',
      ),
    )
    .option(
      '--resume [checkpoint]',
      'continue the run in --output from its latest checkpoint (or this one), with its saved flags',
    )
    .option('--overwrite', 'replace the run already in --output')
    .option('--backend <name>', `${choices(BACKEND_NAMES)} (default: the best that loads; env BERT_BACKEND)`)
    .option(
      '--eval-every <n>',
      withDefault('evaluate on the held-out pairs every n steps (0: only at the end)', String(D.evalEvery)),
    )
    .option('--max-eval-samples <n>', withDefault('held-out pairs (0: no evaluation)', String(D.maxEvalSamples)))
    .option(
      '--attention-snapshot <text>',
      'write the attention of this text at each checkpoint (<output>/attention/step-<n>/)',
    )
    .option('--save-every <n>', withDefault('checkpoint every n steps and at the end (0: never)', String(D.saveEvery)))
    .option('--save-total-limit <n>', withDefault('checkpoints kept', String(D.saveTotalLimit)))
    .option(
      '--log-every <n>',
      withDefault('print a progress line every n steps (seed: epochs)', `${D.logEvery}; seed ${S.logEvery}`),
    )
    .option('--verbose', 'print stack traces')
    .version(packageVersion(), '-V, --version')
    .allowExcessArguments(false);
}

function fillMaskProgram(io: CliIo): Command {
  return cliProgram('bert-pretrain fill-mask', io)
    .description('Print the most probable tokens for each [MASK] of TEXT, with their probabilities.')
    .argument('<text>', 'text with one or more [MASK] tokens (quote it)')
    .requiredOption('--model <dir>', 'model directory (a bert-pretrain output or one of its checkpoints)')
    .option('--top-k <k>', withDefault('tokens to print per mask', '5'))
    .option('--tokenizer <file>', "tokenizer.json; default: the model directory's (or its parent's)")
    .option('--backend <name>', BACKEND_NAMES.join('|'))
    .option('--verbose', 'print stack traces');
}

/** The CLI: returns the exit code (0 ok, 1 runtime error, 2 usage error); errors are one line on stderr. */
export async function main(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    if (argv[0] === 'fill-mask') return await fillMaskMain(argv.slice(1), io);
    const parsed = parseFlags(pretrainProgram(io), argv);
    if (parsed === null) return 0;
    let flags: RawFlags = parsed.flags;
    if (flags['resume'] !== undefined) {
      const output =
        typeof flags['output'] === 'string' ? flags['output'] : `out/pretrain-${String(flags['preset'] ?? D.preset)}`;
      flags = mergeResumeFlags(await readRunFlags(output), flags);
    }
    const command = resolveCommand(flags);
    if (command.mode === 'seed') {
      const result = await runSeed(command.options, { print: io.out });
      const { loss, mlmAccuracy, nspAccuracy } = result.final;
      io.out(
        `seed: ${command.options.epochs} epochs in ${formatSeconds(result.trainSeconds)} ` +
          `(${Math.round(result.tokensPerSecond)} tokens/s on ${result.backend.name}); last epoch: loss ${loss.toFixed(6)}, ` +
          `MLM accuracy ${mlmAccuracy.toFixed(3)}, isNext accuracy ${nspAccuracy.toFixed(3)}` +
          (command.options.output === undefined ? '' : `; saved to ${command.options.output}`),
      );
      return 0;
    }
    const options = command.options;
    const started = performance.now();
    const result = await pretrain(options, {
      say: io.out,
      warn: (line) => io.err(`bert-pretrain: ${line}`),
      onLog: (entry, total) => {
        for (const line of formatLogLines(entry, total, options, started)) io.out(line);
      },
      beforeWrite: () => writeRunFlags(options.output, savedFlags(flags), options),
    });
    for (const line of summaryLines(result, options, (performance.now() - started) / 1000)) io.out(line);
    return 0;
  } catch (error) {
    return reportFailure('bert-pretrain', error, io, verbose);
  }
}

async function fillMaskMain(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseFlags(fillMaskProgram(io), argv);
  if (parsed === null) return 0;
  const read = new FlagReader(parsed.flags);
  const { lines } = await runFillMask({
    model: read.string('model') as string, // a required option: commander refuses a command line without it
    text: parsed.args[0] as string,
    topK: read.integer('top-k', 1) ?? 5,
    tokenizer: read.string('tokenizer'),
    backend: read.choice('backend', BACKEND_NAMES),
  });
  for (const line of lines) io.out(line);
  return 0;
}

/** A progress line every `logEvery` steps (and the first and last), and one per evaluation. */
export function formatLogLines(entry: LogEntry, total: number, options: PretrainOptions, started: number): string[] {
  const number = (key: string, digits: number) =>
    entry[key] === undefined ? '-' : (entry[key] as number).toFixed(digits);
  const pair = pairTask(options);
  const elapsed = formatSeconds((performance.now() - started) / 1000);
  const lines: string[] = [];
  const due = entry.step === 1 || entry.step % options.logEvery === 0 || entry.step === total;
  if (entry['loss'] !== undefined && due) {
    const width = String(total).length;
    lines.push(
      `step ${String(entry.step).padStart(width)}/${total} | loss ${number('loss', 4)} | mlm ${number('mlm_loss', 4)} acc ${number('mlm_accuracy', 3)}` +
        (pair === undefined ? '' : ` | ${pair} ${number('nsp_loss', 4)} acc ${number('nsp_accuracy', 3)}`) +
        ` | lr ${(entry['lr'] ?? 0).toExponential(2)} | ${Math.round(entry['tokens_per_second'] ?? 0)} tok/s | ${elapsed}`,
    );
  }
  if (entry['eval_loss'] !== undefined) {
    lines.push(
      `eval @ step ${entry.step} | loss ${number('eval_loss', 4)} | mlm ${number('eval_mlm_loss', 4)} acc ${number('eval_mlm_accuracy', 3)}` +
        (pair === undefined ? '' : ` | ${pair} ${number('eval_nsp_loss', 4)} acc ${number('eval_nsp_accuracy', 3)}`) +
        ` | ${elapsed}`,
    );
  }
  return lines;
}

/** The sentence-pair task trained beside MLM: nsp, sop, or none with `--objective mlm`. */
function pairTask(options: PretrainOptions): string | undefined {
  return options.objective === 'mlm' ? undefined : options.objective.slice(4);
}

function summaryLines(result: PretrainResult, options: PretrainOptions, seconds: number): string[] {
  const train = result.lastTrain ?? { step: 0, epoch: 0 };
  const held = result.lastEval;
  const value = (entry: LogEntry | undefined, key: string, digits: number) =>
    entry?.[key] === undefined ? '-' : (entry[key] as number).toFixed(digits);
  const pair = pairTask(options);
  const pairPart = (entry: LogEntry | undefined, prefix: string) =>
    pair === undefined
      ? ''
      : `; ${pair} loss ${value(entry, `${prefix}nsp_loss`, 4)}, accuracy ${value(entry, `${prefix}nsp_accuracy`, 3)}`;
  return [
    `done: step ${result.globalStep}/${result.totalSteps} (${result.stopReason}) in ${formatSeconds(seconds)} ` +
      `(training ${formatSeconds(result.trainSeconds)}, ${Math.round(result.tokensPerSecond)} tokens/s on ${result.backend.name})`,
    `last step: mlm loss ${value(train, 'mlm_loss', 4)}, accuracy ${value(train, 'mlm_accuracy', 3)}${pairPart(train, '')}`,
    ...(held === undefined
      ? []
      : [
          `held out (${result.instances.eval} sequences): mlm loss ${value(held, 'eval_mlm_loss', 4)}, ` +
            `accuracy ${value(held, 'eval_mlm_accuracy', 3)}${pairPart(held, 'eval_')}`,
        ]),
    `output: ${result.output}`,
  ];
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
}
