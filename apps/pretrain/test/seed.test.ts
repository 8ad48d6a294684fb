import { rm } from 'node:fs/promises';
import { COURSE_TEXT } from '@bert/data';
import { describe, expect, it } from 'vitest';
import { SEED_DEFAULTS, type SeedOptions } from '../src/options.js';
import { runSeed, seedWarmupEpochs } from '../src/seed.js';
import { lines, runCli, temporaryDirectory } from './helpers.js';

const options: SeedOptions = { ...SEED_DEFAULTS, output: undefined, overwrite: false, backend: undefined };

describe('--preset seed', () => {
  it("trains the course's model (6 × 768) on its batch: the loss falls over the first epochs", async () => {
    // The first 6 of the 100 epochs of `--preset seed` (warming up towards lr 0.001).
    const printed: string[] = [];
    const result = await runSeed(
      { ...options, logEvery: 1 },
      { print: (line) => printed.push(line), stopAfterEpochs: 6 },
    );
    const losses = result.losses.map((entry) => entry.loss);
    expect(losses).toHaveLength(6);
    expect(losses[5]).toBeLessThan(losses[0]! * 0.7);
    expect(printed[0]).toMatch(
      /^seed: the course's BERT \(6 layers, hidden 768, 12 heads\), 29-token whitespace vocabulary/,
    );
    expect(printed.filter((line) => line.startsWith('Epoch:'))).toHaveLength(6);
  });

  it("keeps the course's data and procedure on a smaller model: loss near zero, the demo's predictions right", async () => {
    // Same text, vocabulary, batch (seed 0), masking, Adam lr 0.001, 100 full-batch epochs; hidden 128, 2 layers.
    const printed: string[] = [];
    const small = { numHiddenLayers: 2, hiddenSize: 128, numAttentionHeads: 4, intermediateSize: 512 };
    const result = await runSeed(options, { print: (line) => printed.push(line), modelOverrides: small });
    expect(result.losses.map((entry) => entry.epoch)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    // From ≈ 2.7 at epoch 10 to ≈ 0.07 at epoch 100 (seeds 0–2); the course's 6 × 768 model reaches ≈ 0.001.
    expect(result.losses[9]!.loss).toBeLessThan(0.12);
    expect(result.losses[9]!.loss).toBeLessThan(result.losses[0]!.loss / 15);
    expect(result.final).toMatchObject({ mlmAccuracy: 1, nspAccuracy: 1 });
    const { demo } = result;
    expect(demo.maskedIds.length).toBeGreaterThan(0);
    expect(demo.predictedIds).toEqual(demo.maskedIds);
    expect(demo.predictedIsNext).toBe(demo.isNext);
    // What the course prints after training: the text, the tokens, the two id lists and the two isNext.
    expect(printed.slice(-6)).toEqual([
      COURSE_TEXT,
      `[${demo.tokens.map((token) => `'${token}'`).join(', ')}]`,
      `masked tokens list :  [${demo.maskedIds.join(', ')}]`,
      `predicted masked tokens list :  [${demo.maskedIds.join(', ')}]`,
      `isNext :  ${demo.isNext ? 'True' : 'False'}`,
      `predicted isNext :  ${demo.isNext ? 'True' : 'False'}`,
    ]);
    expect(demo.tokens[0]).toBe('[CLS]');
    expect(demo.tokens.filter((token) => token === '[SEP]')).toHaveLength(2);
  });

  it('warms up for a tenth of the epochs', () => {
    expect([1, 2, 8, 100, 250].map(seedWarmupEpochs)).toEqual([0, 1, 1, 10, 25]);
  });

  it('runs from the CLI and prints the loss every --log-every epochs, then the demo', async () => {
    const dir = await temporaryDirectory('seed');
    const result = await runCli(['--preset', 'seed', '--epochs', '2', '--log-every', '1'], dir).finally(() =>
      rm(dir, { recursive: true, force: true }),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = lines(result.stdout);
    expect(printed.filter((line) => /^Epoch: 000[12] cost = \d+\.\d{6}$/.test(line))).toHaveLength(2);
    // The course's demo, then our one-line summary.
    expect(printed.slice(-5, -1).map((line) => line.split(' :  ')[0])).toEqual([
      'masked tokens list',
      'predicted masked tokens list',
      'isNext',
      'predicted isNext',
    ]);
    expect(printed.at(-1)).toMatch(
      /^seed: 2 epochs in \d+s \(\d+ tokens\/s on wasm\); last epoch: loss \d+\.\d{6}, MLM accuracy \d\.\d{3}, isNext accuracy \d\.\d{3}$/,
    );
  });
});
