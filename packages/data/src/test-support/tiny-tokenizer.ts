import { createTrainingPipeline, finishBertPipeline, type Tokenizer } from '@bert/tokenizer';

export const TINY_TEXT = [
  'The cat sat on the mat.',
  'The dog sat on the log.',
  'A cat and a dog are friends.',
  'Unbelievable stories are rewritten every day.',
  'The mat was red, the log was brown.',
];

/** A BPE with `##` pieces trained on five sentences: small enough that long words split into several pieces. */
export function tinyTokenizer(): Tokenizer {
  const { tokenizer, trainer } = createTrainingPipeline({ model: 'bpe', vocabSize: 80, minFrequency: 1 });
  tokenizer.train(trainer, TINY_TEXT);
  return finishBertPipeline(tokenizer);
}
