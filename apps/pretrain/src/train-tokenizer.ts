import {
  BERT_SPECIAL_TOKENS,
  courseNormalizer,
  createTrainingPipeline,
  finishBertPipeline,
  Tokenizer,
  WhitespaceSplit,
  WordLevel,
  WordLevelTrainer,
} from '@bert/tokenizer';
import type { TokenizerKind } from './options.js';

/**
 * Trains the tokenizer a run asks for on the corpus sentences, with BERT's five special tokens (`[PAD]` = 0):
 * - `bpe`, `wordpiece`: the BERT pipeline of `@bert/tokenizer` (BERT normalizer with lowercasing, BERT
 *   pre-tokenizer, `##` continuation pieces), min frequency 2;
 * - `whitespace`: the course's tokenizer grown to a corpus — lowercase, delete `.,!?-`, split on whitespace, a word
 *   vocabulary of the `vocabSize` − 5 most frequent words (`courseTokenizer` has every word of a text and no
 *   `[UNK]`; a real corpus needs both a cut and `[UNK]`).
 *
 * @example trainTokenizer('bpe', documents.flatMap((d) => d.sentences), 8000).encode('the cat', { pair: 'sat' })
 */
export function trainTokenizer(kind: TokenizerKind, sentences: Iterable<string>, vocabSize: number): Tokenizer {
  if (kind === 'whitespace') {
    const tokenizer = new Tokenizer({
      model: new WordLevel({ vocab: new Map(), unkToken: '[UNK]' }),
      normalizer: courseNormalizer(),
      preTokenizer: new WhitespaceSplit(),
    });
    const trainer = new WordLevelTrainer({ vocabSize, minFrequency: 1, specialTokens: [...BERT_SPECIAL_TOKENS] });
    return finishBertPipeline(tokenizer.train(trainer, sentences));
  }
  const { tokenizer, trainer } = createTrainingPipeline({ model: kind, vocabSize });
  return finishBertPipeline(tokenizer.train(trainer, sentences));
}
