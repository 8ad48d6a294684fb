import { TokenizerError } from '../errors';
import type { ComponentJson, Model, Token } from '../types';
import { ReverseVocab, toVocabMap, type VocabInput } from './vocab';

export interface WordLevelOptions {
  vocab: VocabInput;
  /** Token for words missing from the vocabulary (HF default "<unk>"). */
  unkToken?: string;
}

/**
 * One word, one token: the word's id, or the unk token's id when the word is not in the vocabulary.
 *
 *   const model = new WordLevel({ vocab: { '<unk>': 0, romeo: 1 } });
 *   model.tokenize('romeo');  // [{ id: 1, value: 'romeo', offsets: [0, 5] }]
 *   model.tokenize('juliet'); // [{ id: 0, value: '<unk>', offsets: [0, 6] }]
 */
export class WordLevel implements Model {
  readonly unkToken: string;
  private readonly vocab: Map<string, number>;
  private readonly reverse: ReverseVocab;

  constructor(options: WordLevelOptions) {
    this.vocab = toVocabMap(options.vocab, 'WordLevel vocab');
    this.reverse = new ReverseVocab(this.vocab);
    this.unkToken = options.unkToken ?? '<unk>';
  }

  tokenize(sequence: string): Token[] {
    const id = this.vocab.get(sequence);
    if (id !== undefined) return [{ id, value: sequence, offsets: [0, sequence.length] }];
    const unkId = this.vocab.get(this.unkToken);
    if (unkId === undefined) {
      throw new TokenizerError(
        `WordLevel: ${JSON.stringify(sequence)} is not in the vocabulary, and neither is the unk token ${JSON.stringify(this.unkToken)}`,
      );
    }
    return [{ id: unkId, value: this.unkToken, offsets: [0, sequence.length] }];
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.reverse.get(id);
  }

  getVocab(): Map<string, number> {
    return new Map(this.vocab);
  }

  getVocabSize(): number {
    return this.vocab.size;
  }

  toJSON(): ComponentJson {
    return { type: 'WordLevel', vocab: this.reverse.toJSON(), unk_token: this.unkToken };
  }
}
