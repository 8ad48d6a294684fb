import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import {
  type CliIo,
  EXIT_RUNTIME,
  EXIT_USAGE,
  formatSeconds,
  oneLineMessage,
  PROCESS_IO,
  parseFlags,
  UsageError,
  withDefault,
} from '@bert/cli';
import { TAG_SCHEMES } from '@bert/data';
import { BACKEND_NAMES, PRESET_NAMES } from '@bert/model';
import type { LogEntry } from '@bert/trainer';
import { Command } from 'commander';
import { type FinetuneResult, finetune } from './finetune.js';
import {
  BROWN_TASKS,
  DATA_FORMATS,
  FINETUNE_DEFAULTS,
  resolveFinetuneOptions,
  resolvePredictOptions,
  TASKS,
} from './options.js';
import { runPredict } from './predict.js';

const D = FINETUNE_DEFAULTS;

function finetuneProgram(io: CliIo): Command {
  return new Command('bert-finetune')
    .description(
      'Fine-tune BERT for sequence classification, sentence-pair classification, token classification (NER, POS) or ' +
        'regression, and write an HF-format model with id2label, metrics.json, predictions.jsonl and report.html.\n' +
        'With no data: a tiny BERT tags the Brown corpus with POS (--brown-task genre: classifies sentences by genre).\n' +
        'Also: bert-finetune predict --model DIR --input FILE|TEXT',
    )
    .usage('[options]')
    .option('--model <dir>', 'start from this checkpoint (bert-pretrain output or an HF BERT directory)')
    .option(
      '--preset <name>',
      withDefault(`or from scratch: ${PRESET_NAMES.filter((name) => name !== 'seed').join('|')}`, D.preset),
    )
    .option('--task <task>', withDefault(TASKS.join('|'), 'token-classification for CoNLL, else classification'))
    .option('--train <file>', 'labelled training data (TSV, CSV, JSONL or CoNLL); default: the Brown corpus')
    .option('--eval <file>', 'evaluated each epoch and at the end (predictions.jsonl)')
    .option('--test <file>', 'evaluated once at the end (predictions-test.jsonl)')
    .option(
      '--format <format>',
      withDefault(DATA_FORMATS.join('|'), 'from the extension; CoNLL for token classification'),
    )
    .option(
      '--text-column <col>',
      withDefault('text column, by name or 0-based index', 'sentence|text|sentence1, else 0'),
    )
    .option('--text-pair-column <col>', withDefault('second text of a pair', 'sentence2|text_pair|text2, else 1'))
    .option('--label-column <col>', withDefault('label (or CoNLL tag) column', 'label, else the last'))
    .option('--token-column <col>', withDefault('CoNLL word column (JSONL key)', '0 (tokens)'))
    .option('--no-header', 'TSV/CSV files have no header row (columns by index)')
    .option('--tag-scheme <scheme>', withDefault(`auto|${TAG_SCHEMES.join('|')} (iob1 is converted to iob2)`, 'auto'))
    .option('--label-all-tokens', 'label every piece of a word, not only the first (HF run_ner)')
    .option('--skip-bad-rows', 'warn about malformed rows and skip them instead of failing')
    .option('--brown-task <task>', withDefault(`without --train: ${BROWN_TASKS.join('|')}`, 'pos'))
    .option(
      '--max-train-samples <n>',
      withDefault('use the first n training examples', `all; Brown ${D.brownTrainSamples}`),
    )
    .option(
      '--max-eval-samples <n>',
      withDefault('use the first n eval/test examples', `all; Brown ${D.brownEvalSamples}`),
    )
    .option('--tokenizer <file>', "tokenizer.json or vocab.txt (default: the model's; with --preset one is trained)")
    .option('--vocab-size <n>', withDefault('vocabulary of the tokenizer trained for --preset', String(D.vocabSize)))
    .option('--cased', 'keep case (trained tokenizer, vocab.txt); default lowercase')
    .option('--epochs <n>', withDefault('passes over the training data', String(D.epochs)))
    .option('--batch-size <n>', withDefault('examples per micro-batch', String(D.batchSize)))
    .option(
      '--lr <x>',
      withDefault('peak learning rate', `${D.lrPretrained} with --model, ${D.lrScratch} from scratch`),
    )
    .option(
      '--warmup-ratio <x>',
      withDefault('share of steps with linear warmup, then linear decay', String(D.warmupRatio)),
    )
    .option('--weight-decay <x>', withDefault('AdamW decoupled weight decay', String(D.weightDecay)))
    .option(
      '--max-seq-length <n>',
      withDefault('longest input in tokens (longer ones are cut)', String(D.maxSeqLength)),
    )
    .option('--dropout <x>', withDefault('hidden and attention dropout', "the model's; 0.1 for presets"))
    .option('--grad-accum <n>', withDefault('micro-batches per optimizer step', String(D.gradAccum)))
    .option('--seed <n>', withDefault('seed of initialization, shuffling and dropout', String(D.seed)))
    .option('--early-stopping-patience <n>', 'stop after n evaluations without improvement and keep the best weights')
    .option('--eval-every <n>', withDefault('evaluate every n steps (0: each epoch)', '0'))
    .option('--log-every <n>', withDefault('print a progress line every n steps', String(D.logEvery)))
    .option('--output <dir>', withDefault('output directory', 'out/finetune-<task>'))
    .option('--overwrite', 'replace a run already in --output')
    .option('--backend <name>', `${BACKEND_NAMES.join('|')} (default: the best that loads; env BERT_BACKEND)`)
    .option(
      '--attention-snapshot <text>',
      "write this sentence's attention to <output>/attention/step-<step>/ at each checkpoint and at the end",
    )
    .option('--verbose', 'print stack traces')
    .version(packageVersion(), '-V, --version')
    .helpOption('-h, --help', 'show this help')
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: () => {}, outputError: () => {} });
}

function predictProgram(io: CliIo): Command {
  return new Command('bert-finetune predict')
    .description(
      'Predict with a fine-tuned model: label and probability per text (or pair), a value for regression, tags per ' +
        'word with character spans and entities for token classification. A file gives one JSON line per example.',
    )
    .argument('[text]', 'the text, instead of --input')
    .requiredOption('--model <dir>', 'a bert-finetune output directory')
    .option('--input <file|text>', 'a file (TSV, CSV, JSONL, CoNLL; as in training) or a text')
    .option('--text-pair <text>', 'second text, for sentence-pair models')
    .option('--output <file>', 'write JSON lines here instead of stdout')
    .option('--format <format>', DATA_FORMATS.join('|'))
    .option('--text-column <col>', 'text column of the file')
    .option('--text-pair-column <col>', 'second text column')
    .option('--token-column <col>', 'CoNLL word column')
    .option('--no-header', 'the file has no header row')
    .option(
      '--max-seq-length <n>',
      withDefault('longest input in tokens', `the fine-tuning run's, else ${D.maxSeqLength}`),
    )
    .option('--batch-size <n>', withDefault('examples per batch', '64'))
    .option('--backend <name>', BACKEND_NAMES.join('|'))
    .option('--verbose', 'print stack traces')
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: () => {}, outputError: () => {} });
}

/** `bert-finetune …`: returns the exit code (0 ok, 1 runtime error, 2 usage error); errors are one line on stderr. */
export async function main(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    if (argv[0] === 'predict') return await predictMain(argv.slice(1), io);
    const parsed = parseFlags(finetuneProgram(io), argv);
    if (parsed === null) return 0;
    const options = resolveFinetuneOptions(parsed.flags);
    const started = performance.now();
    const result = await finetune(options, {
      say: io.out,
      warn: (line) => io.err(`bert-finetune: warning: ${line}`),
      onLog: (entry, total) => {
        for (const line of formatLogLines(entry, total, options.logEvery, started)) io.out(line);
      },
    });
    for (const line of summaryLines(result)) io.out(line);
    return 0;
  } catch (error) {
    io.err(`bert-finetune: ${oneLineMessage(error)}`);
    if (verbose && error instanceof Error && error.stack) io.err(error.stack);
    return error instanceof UsageError ? EXIT_USAGE : EXIT_RUNTIME;
  }
}

async function predictMain(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseFlags(predictProgram(io), argv);
  if (parsed === null) return 0;
  const options = resolvePredictOptions(parsed.flags, parsed.args);
  const { records } = await runPredict(options);
  const lines = records.map((record) => JSON.stringify(record));
  if (options.output !== undefined) {
    await writeFile(options.output, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    io.out(`wrote ${records.length} prediction${records.length === 1 ? '' : 's'} to ${options.output}`);
  } else {
    for (const line of lines) io.out(line);
  }
  return 0;
}

/** A line every `logEvery` steps (and the first and last), one per evaluation. */
export function formatLogLines(entry: LogEntry, total: number, logEvery: number, started: number): string[] {
  const number = (key: string, digits: number) =>
    entry[key] === undefined ? '-' : (entry[key] as number).toFixed(digits);
  const elapsed = formatSeconds((performance.now() - started) / 1000);
  const lines: string[] = [];
  if (entry['loss'] !== undefined && (entry.step === 1 || entry.step % logEvery === 0 || entry.step === total)) {
    const width = String(total).length;
    const accuracy = entry['accuracy'] === undefined ? '' : ` | acc ${number('accuracy', 3)}`;
    lines.push(
      `step ${String(entry.step).padStart(width)}/${total} | epoch ${number('epoch', 2)} | loss ${number('loss', 4)}${accuracy} | ` +
        `lr ${(entry['lr'] ?? 0).toExponential(2)} | ${Math.round(entry['tokens_per_second'] ?? 0)} tok/s | ${elapsed}`,
    );
  }
  const evals = Object.entries(entry).filter(([key]) => key.startsWith('eval_') && !key.startsWith('eval_f1_'));
  if (evals.length > 0) {
    lines.push(
      `eval @ step ${entry.step} | ${evals.map(([key, value]) => `${key.slice(5)} ${(value as number).toFixed(4)}`).join(' | ')} | ${elapsed}`,
    );
  }
  return lines;
}

function summaryLines(result: FinetuneResult): string[] {
  const lines = [
    `done: ${result.globalStep}/${result.totalSteps} steps (${result.stopReason}) in ${formatSeconds(result.totalSeconds)} ` +
      `(training ${formatSeconds(result.trainSeconds)}) on ${result.backend.name}`,
  ];
  for (const [name, evaluation] of Object.entries(result.evaluations)) {
    const shown = Object.entries(evaluation.metrics)
      .filter(([key]) => !key.startsWith('f1_'))
      .map(([key, value]) => `${key} ${value.toFixed(4)}`)
      .join(', ');
    if (shown !== '') lines.push(`${name}: ${shown}`);
  }
  lines.push(
    `output: ${result.output} (config.json, model.safetensors, tokenizer.json, metrics.json, predictions.jsonl, report.html)`,
  );
  return lines;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
}
