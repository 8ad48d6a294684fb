import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BertForPreTraining, resolveBertConfig, saveModel } from '@bert/model';
import { createTrainingPipeline, finishBertPipeline, type Tokenizer } from '@bert/tokenizer';

export const CORPUS = [
  'the cat sat on the mat',
  'the dog sat on the log',
  'a cat and a dog played in the garden',
  'romeo loved juliet and juliet loved romeo',
  'the quick brown fox jumps over the lazy dog',
  'it was a sunny day in the park',
];

/** A WordPiece tokenizer trained on `CORPUS` (lowercase, `[CLS] A [SEP] B [SEP]`). */
export function tinyTokenizer(): Tokenizer {
  const { tokenizer, trainer } = createTrainingPipeline({ model: 'wordpiece', vocabSize: 99, minFrequency: 1 });
  tokenizer.train(trainer, CORPUS);
  return finishBertPipeline(tokenizer);
}

/** The design's test size: hidden 32, 2 layers, 4 heads; 24 positions so long texts are easy to make. */
export function tinyModel(vocabSize: number, seed = 7): BertForPreTraining {
  const config = resolveBertConfig({
    vocabSize,
    hiddenSize: 32,
    numHiddenLayers: 2,
    numAttentionHeads: 4,
    intermediateSize: 64,
    maxPositionEmbeddings: 24,
    // Far wider than HF's 0.02, so that the random heads attend unevenly and the pictures and checks have contrast.
    initializerRange: 0.5,
  });
  return new BertForPreTraining(config, { seed });
}

/** A saved model directory (config.json, model.safetensors, tokenizer.json) in a fresh temp dir. */
export async function savedTinyModel(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'bert-attention-'));
  const dir = join(root, 'tiny-bert');
  const tokenizer = tinyTokenizer();
  const model = tinyModel(tokenizer.getVocabSize());
  await saveModel(model, dir);
  model.dispose();
  await writeFile(join(dir, 'tokenizer.json'), tokenizer.toString(true));
  return { dir, cleanup: () => rm(root, { recursive: true, force: true }) };
}
