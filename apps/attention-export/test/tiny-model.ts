import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BertForPreTraining, resolveBertConfig, saveModel } from '@bert/model';
import { createTrainingPipeline, finishBertPipeline } from '@bert/tokenizer';

const CORPUS = [
  'the cat sat on the mat',
  'the dog sat on the log',
  'a cat and a dog played in the garden',
  'romeo loved juliet and juliet loved romeo',
  'the quick brown fox jumps over the lazy dog',
];

/**
 * A saved tiny BERT in a fresh temp dir, as `bert-pretrain` leaves one: `<root>/tiny-bert/` with config.json,
 * model.safetensors and tokenizer.json (a WordPiece tokenizer trained on five lines). Hidden 32, 2 layers, 4 heads,
 * 24 positions; weights drawn wide (initializer range 0.5) so that heads attend unevenly.
 */
export async function saveTinyModel(): Promise<{ root: string; dir: string; cleanup: () => Promise<void> }> {
  const { tokenizer, trainer } = createTrainingPipeline({ model: 'wordpiece', vocabSize: 99, minFrequency: 1 });
  tokenizer.train(trainer, CORPUS);
  finishBertPipeline(tokenizer);
  const config = resolveBertConfig({
    vocabSize: tokenizer.getVocabSize(),
    hiddenSize: 32,
    numHiddenLayers: 2,
    numAttentionHeads: 4,
    intermediateSize: 64,
    maxPositionEmbeddings: 24,
    initializerRange: 0.5,
  });
  const root = await mkdtemp(join(tmpdir(), 'bert-attention-cli-'));
  const dir = join(root, 'tiny-bert');
  const model = new BertForPreTraining(config, { seed: 3 });
  await saveModel(model, dir);
  model.dispose();
  await writeFile(join(dir, 'tokenizer.json'), tokenizer.toString(true));
  return { root, dir, cleanup: () => rm(root, { recursive: true, force: true }) };
}
