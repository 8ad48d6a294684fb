import { UsageError } from '@bert/cli';
import { describe, expect, it } from 'vitest';
import { PRETRAIN_DEFAULTS, presetPositions, resolveCommand, SEED_DEFAULTS } from '../src/options.js';
import { mergeResumeFlags, savedFlags } from '../src/output-dir.js';

describe('resolveCommand', () => {
  it('gives the default run with no flag: mini on Brown with a BPE 8000, output out/pretrain-mini', () => {
    const command = resolveCommand({});
    expect(command.mode).toBe('pretrain');
    if (command.mode !== 'pretrain') return;
    expect(command.options).toMatchObject({
      corpus: [],
      tokenizer: 'bpe',
      vocabSize: 8000,
      preset: 'mini',
      objective: 'mlm+nsp',
      maxSeqLength: 128,
      maxPredictions: 20, // ceil(128 × 0.15)
      steps: PRETRAIN_DEFAULTS.steps,
      epochs: undefined,
      output: 'out/pretrain-mini',
      resume: false,
    });
    expect(Object.isFrozen(command.options)).toBe(true);
  });

  it("gives the course's hyper-parameters for --preset seed", () => {
    const command = resolveCommand({ preset: 'seed' });
    expect(command).toEqual({
      mode: 'seed',
      options: expect.objectContaining({ ...SEED_DEFAULTS, output: undefined }),
    });
    expect(SEED_DEFAULTS).toMatchObject({ batchSize: 6, maxSeqLength: 30, maxPredictions: 5, lr: 0.001, epochs: 100 });
  });

  it('reads every flag', () => {
    const command = resolveCommand({
      corpus: ['a.txt', 'dir'],
      'corpus-format': 'text',
      tokenizer: 'wordpiece',
      'vocab-size': '500',
      preset: 'tiny',
      objective: 'mlm+sop',
      loss: 'kl',
      'max-seq-length': '64',
      'batch-size': '8',
      'grad-accum': '2',
      epochs: '3',
      lr: '5e-4',
      'warmup-ratio': '0.06',
      'weight-decay': '0',
      'mlm-probability': '0.2',
      'max-predictions': '12',
      'whole-word-mask': true,
      dropout: '0',
      seed: '7',
      output: 'runs/x',
      resume: 'runs/x/checkpoint-10',
      backend: 'cpu',
      'eval-every': '0',
      'save-every': '5',
      'save-total-limit': '1',
      'max-eval-samples': '0',
      'log-every': '1',
    });
    expect(command.options).toEqual({
      corpus: ['a.txt', 'dir'],
      corpusFormat: 'text',
      tokenizer: 'wordpiece',
      tokenizerFile: undefined,
      vocabSize: 500,
      preset: 'tiny',
      objective: 'mlm+sop',
      loss: 'kl',
      maxSeqLength: 64,
      batchSize: 8,
      gradAccum: 2,
      steps: undefined,
      epochs: 3,
      lr: 5e-4,
      warmupRatio: 0.06,
      weightDecay: 0,
      mlmProbability: 0.2,
      maxPredictions: 12,
      wholeWordMask: true,
      dropout: 0,
      seed: 7,
      output: 'runs/x',
      resume: 'runs/x/checkpoint-10',
      overwrite: false,
      backend: 'cpu',
      evalEvery: 0,
      saveEvery: 5,
      saveTotalLimit: 1,
      maxEvalSamples: 0,
      logEvery: 1,
    });
    expect(resolveCommand({ resume: true }).options).toMatchObject({ resume: 'latest' });
  });

  it.each([
    [{ preset: 'huge' }, '--preset must be one of seed, tiny, mini, small, medium, base, got "huge"'],
    [{ 'max-seq-length': '513' }, '--max-seq-length 513 exceeds the 512 position embeddings of --preset mini'],
    [
      { preset: 'seed', 'max-seq-length': '64' },
      '--max-seq-length 64 exceeds the 30 position embeddings of --preset seed',
    ],
    [{ 'batch-size': '0' }, '--batch-size must be an integer ≥ 1, got "0"'],
    [{ steps: '2.5' }, '--steps must be an integer ≥ 1, got "2.5"'],
    [{ lr: '-1' }, '--lr must be a number > 0, got "-1"'],
    [{ 'warmup-ratio': '1' }, '--warmup-ratio must be a number ≥ 0 and < 1, got "1"'],
    [{ 'mlm-probability': '0' }, '--mlm-probability must be a number > 0 and ≤ 1, got "0"'],
    [{ dropout: 'x' }, '--dropout must be a number ≥ 0 and < 1, got "x"'],
    [{ tokenizer: 'sentencepiece' }, '--tokenizer must be one of whitespace, bpe, wordpiece, got "sentencepiece"'],
    [{ objective: 'nsp' }, '--objective must be one of mlm+nsp, mlm+sop, mlm, got "nsp"'],
    [{ loss: 'mse' }, '--loss must be one of ce, kl, got "mse"'],
    [{ backend: 'gpu' }, '--backend must be one of tensorflow-gpu, tensorflow, wasm, cpu, got "gpu"'],
    [{ steps: '3', epochs: '2' }, 'give --steps or --epochs, not both (got --steps 3 --epochs 2)'],
    [{ 'tokenizer-file': 't.json', 'vocab-size': '10' }, 'give --tokenizer-file or --vocab-size, not both'],
    [
      { preset: 'seed', corpus: ['a.txt'] },
      "--corpus is not used by --preset seed (it trains on the course's text); drop it or pick another preset",
    ],
    [
      { preset: 'seed', steps: '5' },
      "--steps is not used by --preset seed (it trains on the course's text); drop it or pick another preset",
    ],
    [
      { preset: 'seed', 'batch-size': '5' },
      '--batch-size must be even with --preset seed (half isNext, half not), got "5"',
    ],
    [
      { preset: 'seed', tokenizer: 'bpe' },
      `--tokenizer must be whitespace with --preset seed (the course's vocabulary), got "bpe"`,
    ],
  ])('rejects %j with a one-line message naming the flag', (flags, message) => {
    expect(() => resolveCommand(flags)).toThrow(new UsageError(message));
  });

  it('knows the position embeddings of every preset', () => {
    expect([presetPositions('seed'), presetPositions('mini'), presetPositions('base')]).toEqual([30, 512, 512]);
  });
});

describe('--resume flags', () => {
  it('replays the saved flags, overridden by the ones given now; never saves where/how to run', () => {
    const first = { corpus: ['a.txt'], preset: 'tiny', steps: '4', output: 'o', overwrite: true, backend: 'wasm' };
    const saved = savedFlags(first);
    expect(saved).toEqual({ corpus: ['a.txt'], preset: 'tiny', steps: '4' });
    expect(mergeResumeFlags(saved, { resume: true, steps: '8', output: 'o' })).toEqual({
      corpus: ['a.txt'],
      preset: 'tiny',
      steps: '8',
      resume: true,
      output: 'o',
    });
  });
});
