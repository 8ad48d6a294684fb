import { join } from 'node:path';
import { writeFileAtomically } from '@bert/cli';
import { COURSE_TEXT, courseBatch, courseSentences, Rng, specialTokenIds, tokenizeSentence } from '@bert/data';
import {
  type BackendInfo,
  type BertConfig,
  BertForPreTraining,
  bertPreset,
  initBackend,
  predictPretraining,
  saveModel,
} from '@bert/model';
import { courseTokenizer } from '@bert/tokenizer';
import { adam, type LogEntry, linearSchedule, pretrainingLossFn, Trainer, toTensors } from '@bert/trainer';
import * as tf from '@tensorflow/tfjs';
import type { SeedOptions } from './options.js';
import { checkOutput, TOKENIZER_FILE } from './output-dir.js';

/** The course's closing demo, for the first example of its batch. */
export interface SeedDemo {
  /** The course's text, as it prints it first. */
  readonly text: string;
  /** Tokens of the example as the model sees it (masked), without `[PAD]`. */
  readonly tokens: readonly string[];
  /** The ids hidden at the masked positions (the course's "masked tokens list"), in the course's slot order. */
  readonly maskedIds: readonly number[];
  /** What the model predicts at those positions. */
  readonly predictedIds: readonly number[];
  readonly isNext: boolean;
  readonly predictedIsNext: boolean;
}

export interface SeedResult {
  /** The loss every `logEvery` epochs: what the course prints. */
  readonly losses: readonly { readonly epoch: number; readonly loss: number }[];
  readonly final: { readonly loss: number; readonly mlmAccuracy: number; readonly nspAccuracy: number };
  readonly demo: SeedDemo;
  readonly backend: BackendInfo;
  readonly trainSeconds: number;
  readonly tokensPerSecond: number;
}

export interface SeedHooks {
  /** Receives each line the course would print. */
  readonly print?: (line: string) => void;
  /**
   * Model config changes, for tests that keep the course's data and procedure on a smaller model
   * (e.g. `{ numHiddenLayers: 2, hiddenSize: 64, numAttentionHeads: 4, intermediateSize: 256 }`).
   */
  readonly modelOverrides?: Partial<BertConfig>;
  /** Stop after this many epochs of the `options.epochs` schedule (tests: the start of the real run, cheaply). */
  readonly stopAfterEpochs?: number;
}

/**
 * Epochs of linear warmup before the course's learning rate, which then decays linearly to 0 at the last epoch (BERT's
 * schedule). The course's exact recipe — Adam at a constant 0.001 from the first step — collapses a real
 * post-LayerNorm BERT of the seed's size: the loss stalls near 3 with every masked token predicted the same. The
 * course's own model escapes this only because its attention output projection and LayerNorms are re-created,
 * untrained, at every call. A tenth of the epochs of warmup, and the decay, keep the real model stable.
 */
export function seedWarmupEpochs(epochs: number): number {
  return epochs < 2 ? 0 : Math.max(1, Math.floor(epochs / 10));
}

/**
 * The course's pretraining demo on a real BERT: its six-line text and whitespace vocabulary, one fixed batch from its
 * `make_batch` (3 isNext + 3 not, 15% masking), Adam at lr 0.001 for `epochs` full-batch steps printing the loss every
 * `logEvery` epochs, then its demo: the first example's tokens, masked ids, predicted ids, isNext and predicted isNext.
 * With `output`, the model directory, tokenizer.json, metrics.jsonl and report.html are written there.
 */
export async function runSeed(options: SeedOptions, hooks: SeedHooks = {}): Promise<SeedResult> {
  const print = hooks.print ?? (() => {});
  if (options.output !== undefined) await checkOutput(options.output, { resume: false, overwrite: options.overwrite });
  const backend = await initBackend(options.backend === undefined ? {} : { prefer: options.backend });

  const tokenizer = courseTokenizer(COURSE_TEXT);
  const special = specialTokenIds(tokenizer);
  const lines = courseSentences().map((line) => tokenizeSentence(line, tokenizer).ids);
  const { batch, examples } = courseBatch(lines, {
    batchSize: options.batchSize,
    maxLength: options.maxSeqLength,
    maxPredictions: options.maxPredictions,
    mlmProbability: options.mlmProbability,
    specialTokens: special,
    rng: new Rng(options.seed),
  });

  const config = bertPreset('seed', {
    vocabSize: special.vocabSize,
    hiddenDropoutProb: options.dropout,
    attentionProbsDropoutProb: options.dropout,
    padTokenId: special.pad,
    ...hooks.modelOverrides,
  });
  const model = new BertForPreTraining(config, { seed: options.seed });
  print(
    `seed: the course's BERT (${config.numHiddenLayers} layers, hidden ${config.hiddenSize}, ${config.numAttentionHeads} heads), ` +
      `${special.vocabSize}-token whitespace vocabulary, one batch of ${options.batchSize} × ${options.maxSeqLength}, ` +
      `Adam lr ${options.lr} (${seedWarmupEpochs(options.epochs)} warmup epochs, then linear decay), ${options.epochs} epochs, ` +
      `backend ${backend.name}`,
  );
  const optimizer = adam(model.namedParameters());
  try {
    const losses: { epoch: number; loss: number }[] = [];
    let last: LogEntry | undefined;
    const tokensPerSecond: number[] = [];
    const started = performance.now();
    await new Trainer({
      model,
      optimizer,
      schedule: linearSchedule({
        lr: options.lr,
        warmupSteps: seedWarmupEpochs(options.epochs),
        totalSteps: options.epochs,
      }),
      lossFn: pretrainingLossFn({ loss: options.loss }),
      trainBatches: [batch],
      epochs: options.epochs,
      ...(hooks.stopAfterEpochs === undefined ? {} : { maxSteps: Math.min(hooks.stopAfterEpochs, options.epochs) }),
      clipNorm: Number.POSITIVE_INFINITY, // the course does not clip
      seed: options.seed,
      progress: false,
      ...(options.output === undefined ? {} : { logDir: options.output, overwrite: options.overwrite }),
      onLog: (entry) => {
        last = entry;
        tokensPerSecond.push(entry['tokens_per_second'] ?? 0);
        if (entry.step % options.logEvery === 0 || entry.step === options.epochs) {
          losses.push({ epoch: entry.step, loss: entry['loss'] ?? Number.NaN });
          print(`Epoch: ${String(entry.step).padStart(4, '0')} cost = ${(entry['loss'] ?? Number.NaN).toFixed(6)}`);
        }
      },
    }).train();
    const trainSeconds = (performance.now() - started) / 1000;

    const first = examples[0]!;
    const row = toTensors({
      ...batch,
      batchSize: 1,
      inputIds: batch.inputIds.subarray(0, batch.seqLength),
      tokenTypeIds: batch.tokenTypeIds.subarray(0, batch.seqLength),
      attentionMask: batch.attentionMask.subarray(0, batch.seqLength),
      maskedPositions: batch.maskedPositions.subarray(0, batch.maxPredictions),
      maskedIds: batch.maskedIds.subarray(0, batch.maxPredictions),
      maskedWeights: batch.maskedWeights.subarray(0, batch.maxPredictions),
      nextSentenceLabel: batch.nextSentenceLabel.subarray(0, 1),
    });
    const prediction = await predictPretraining(model, row).finally(() =>
      tf.dispose(row as unknown as tf.TensorContainer),
    );
    const demo: SeedDemo = {
      text: COURSE_TEXT,
      tokens: [...first.inputIds].map((id) => tokenizer.idToToken(id) ?? `[${id}]`),
      maskedIds: [...first.maskedIds],
      predictedIds: (prediction.maskedIds[0] ?? []).slice(0, first.maskedIds.length),
      isNext: first.isNext,
      predictedIsNext: prediction.nextSentence[0] === 0,
    };
    print(demo.text);
    print(`[${demo.tokens.map((token) => `'${token}'`).join(', ')}]`);
    print(`masked tokens list :  [${demo.maskedIds.join(', ')}]`);
    print(`predicted masked tokens list :  [${demo.predictedIds.join(', ')}]`);
    print(`isNext :  ${demo.isNext ? 'True' : 'False'}`);
    print(`predicted isNext :  ${demo.predictedIsNext ? 'True' : 'False'}`);

    if (options.output !== undefined) {
      await saveModel(model, options.output);
      await writeFileAtomically(join(options.output, TOKENIZER_FILE), `${tokenizer.toString(true)}\n`);
    }
    const mean = tokensPerSecond.reduce((sum, value) => sum + value, 0) / Math.max(1, tokensPerSecond.length);
    return {
      losses,
      final: {
        loss: last?.['loss'] ?? Number.NaN,
        mlmAccuracy: last?.['mlm_accuracy'] ?? Number.NaN,
        nspAccuracy: last?.['nsp_accuracy'] ?? Number.NaN,
      },
      demo,
      backend,
      trainSeconds,
      tokensPerSecond: mean,
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
