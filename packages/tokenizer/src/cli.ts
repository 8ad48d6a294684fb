#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { TokenizerError } from './errors';
import { createTrainingPipeline, finishBertPipeline, type TrainableModel } from './pipelines';
import { Tokenizer } from './tokenizer';
import type { TruncationStrategy } from './truncation';

const USAGE = `Usage:
  bert-tokenizer train --model bpe|wordpiece|wordlevel --out tokenizer.json [options] FILE...
      --vocab-size N        vocabulary size, special tokens included (default 30000)
      --min-frequency N     minimum count for a merge or a word (default 2)
      --byte-level          GPT-2/RoBERTa byte-level BPE (bpe only)
      --no-lowercase        keep case (BERT pipeline)
      --special-tokens A,B  special tokens, comma-separated (default [PAD],[UNK],[CLS],[SEP],[MASK])
      --limit-alphabet N    keep at most N initial characters (bpe, wordpiece)
  bert-tokenizer encode --tokenizer tokenizer.json [--pair TEXT] [--max-length N [--truncation S] [--stride N]]
                        [--no-special-tokens] [--json] TEXT
  bert-tokenizer decode --tokenizer tokenizer.json [--keep-special-tokens] ID...
Options: --verbose (stack traces), --help, --version`;

class UsageError extends Error {}

function integerFlag(name: string, value: string | undefined, minimum: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < minimum) {
    throw new UsageError(`--${name} must be an integer >= ${minimum}, got "${value}"`);
  }
  return Number(value);
}

function requireFlag(name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function loadTokenizer(path: string): Tokenizer {
  return Tokenizer.fromFile(path);
}

async function train(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      out: { type: 'string' },
      'vocab-size': { type: 'string' },
      'min-frequency': { type: 'string' },
      'byte-level': { type: 'boolean', default: false },
      'no-lowercase': { type: 'boolean', default: false },
      'special-tokens': { type: 'string' },
      'limit-alphabet': { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const model = requireFlag('model', values.model);
  if (!['bpe', 'wordpiece', 'wordlevel'].includes(model)) {
    throw new UsageError(`--model must be bpe, wordpiece or wordlevel, got "${model}"`);
  }
  if (values['byte-level'] && model !== 'bpe')
    throw new UsageError(`--byte-level is only available for bpe, not ${model}`);
  const out = requireFlag('out', values.out);
  if (!existsSync(dirname(out) || '.')) throw new UsageError(`--out: directory ${dirname(out)} does not exist`);
  if (positionals.length === 0) throw new UsageError('give at least one training FILE');
  const { tokenizer, trainer } = createTrainingPipeline({
    model: model as TrainableModel,
    vocabSize: integerFlag('vocab-size', values['vocab-size'], 1),
    minFrequency: integerFlag('min-frequency', values['min-frequency'], 0),
    byteLevel: values['byte-level'],
    lowercase: !values['no-lowercase'],
    specialTokens: values['special-tokens']?.split(',').filter((token) => token !== ''),
    limitAlphabet: integerFlag('limit-alphabet', values['limit-alphabet'], 1),
  });
  const bar = new cliProgress.SingleBar(
    { format: '{stage} [{bar}] {percentage}% | {value}/{total}', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let stage = '';
  const started = Date.now();
  await tokenizer.trainFromFiles(trainer, positionals, {
    onProgress: (name, done, total) => {
      if (name !== stage) {
        if (stage) bar.stop();
        stage = name;
        bar.start(total, done, { stage: name.padEnd(12) });
      } else {
        bar.update(done);
      }
    },
  });
  if (stage) bar.stop();
  if (!values['byte-level']) finishBertPipeline(tokenizer);
  tokenizer.save(out);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`trained ${model} with ${tokenizer.getVocabSize()} tokens in ${seconds} s → ${out}`);
}

function encode(args: string[]): void {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      tokenizer: { type: 'string' },
      pair: { type: 'string' },
      'max-length': { type: 'string' },
      truncation: { type: 'string' },
      stride: { type: 'string' },
      'no-special-tokens': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  const tokenizer = loadTokenizer(requireFlag('tokenizer', values.tokenizer));
  if (positionals.length !== 1) throw new UsageError('give exactly one TEXT to encode (quote it)');
  const maxLength = integerFlag('max-length', values['max-length'], 1);
  if (maxLength !== undefined) {
    const strategy = (values.truncation ?? 'longest_first') as TruncationStrategy;
    if (!['longest_first', 'only_first', 'only_second'].includes(strategy)) {
      throw new UsageError(`--truncation must be longest_first, only_first or only_second, got "${strategy}"`);
    }
    tokenizer.setTruncation({ maxLength, strategy, stride: integerFlag('stride', values.stride, 0) ?? 0 });
  }
  const encoding = tokenizer.encode(positionals[0]!, {
    pair: values.pair,
    addSpecialTokens: !values['no-special-tokens'],
  });
  if (values.json) {
    const { ids, tokens, typeIds, attentionMask, specialTokensMask, offsets, wordIds } = encoding;
    console.log(JSON.stringify({ ids, tokens, typeIds, attentionMask, specialTokensMask, offsets, wordIds }));
    return;
  }
  console.log(['index', 'id', 'token', 'type', 'word', 'offsets'].join('\t'));
  encoding.ids.forEach((id, index) => {
    const [start, end] = encoding.offsets[index]!;
    const word = encoding.wordIds[index];
    console.log(
      [index, id, encoding.tokens[index], encoding.typeIds[index], word ?? '-', `${start}-${end}`].join('\t'),
    );
  });
}

function decode(args: string[]): void {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      tokenizer: { type: 'string' },
      'keep-special-tokens': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  const tokenizer = loadTokenizer(requireFlag('tokenizer', values.tokenizer));
  const ids = positionals.flatMap((value) => value.split(/[\s,]+/)).filter((value) => value !== '');
  for (const id of ids) if (!/^\d+$/.test(id)) throw new UsageError(`ids must be non-negative integers, got "${id}"`);
  console.log(tokenizer.decode(ids.map(Number), { skipSpecialTokens: !values['keep-special-tokens'] }));
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const verbose = argv.includes('--verbose');
  try {
    if (command === undefined || command === '--help' || command === 'help') {
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version') {
      const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
      console.log(pkg.version);
      return 0;
    }
    if (command === 'train') await train(rest);
    else if (command === 'encode') encode(rest);
    else if (command === 'decode') decode(rest);
    else throw new UsageError(`unknown command "${command}" (train, encode, decode)`);
    return 0;
  } catch (error) {
    const isUsage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const known = isUsage || error instanceof TokenizerError;
    if (verbose || !known) console.error(error);
    else console.error(`bert-tokenizer: ${(error as Error).message}`);
    if (isUsage) console.error('Run bert-tokenizer --help for usage.');
    return isUsage ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
