import type { Tokenizer } from '@bert/tokenizer';
import type { CorpusDocument } from '../corpus/corpus-document';

/**
 * One sentence as token ids, without special tokens. `wordStarts[i]` is 1 where token i begins a word (a
 * pre-tokenizer word: `unbelievably` → `unb ##el ##ie ##v ##ably` → 1 0 0 0 0); whole-word and span masking group
 * pieces by it.
 */
export interface TokenizedSentence {
  readonly ids: Int32Array; //         [T] int32
  readonly wordStarts: Uint8Array; //  [T] 0/1
}

export interface TokenizedDocument {
  readonly source: string;
  readonly sentences: readonly TokenizedSentence[];
}

/**
 * Tokenizes one sentence with `addSpecialTokens: false`. Word starts come from `encoding.wordIds` (a change of
 * word id starts a word; tokens with no word, such as an added token, start one). Positions the tokenizer padded
 * (attention mask 0, if the tokenizer has padding set) are dropped.
 */
export function tokenizeSentence(text: string, tokenizer: Tokenizer): TokenizedSentence {
  const encoding = tokenizer.encode(text, { addSpecialTokens: false });
  const { ids, wordIds, attentionMask } = encoding;
  let length = 0;
  for (let index = 0; index < ids.length; index++) if (attentionMask[index] !== 0) length++;
  const tokenIds = new Int32Array(length); //     [T]
  const wordStarts = new Uint8Array(length); //   [T]
  let out = 0;
  let previousWord: number | null | undefined;
  for (let index = 0; index < ids.length; index++) {
    if (attentionMask[index] === 0) continue;
    const word = wordIds[index] ?? null;
    tokenIds[out] = ids[index] ?? 0;
    wordStarts[out] = out === 0 || word === null || word !== previousWord ? 1 : 0;
    previousWord = word;
    out++;
  }
  return { ids: tokenIds, wordStarts };
}

/**
 * Tokenizes documents sentence by sentence. Sentences that tokenize to nothing are dropped, then documents left
 * empty, as the reference drops empty documents. For a sharded corpus call it once per shard.
 */
export function tokenizeDocuments(documents: Iterable<CorpusDocument>, tokenizer: Tokenizer): TokenizedDocument[] {
  const result: TokenizedDocument[] = [];
  for (const document of documents) {
    const sentences: TokenizedSentence[] = [];
    for (const text of document.sentences) {
      const sentence = tokenizeSentence(text, tokenizer);
      if (sentence.ids.length > 0) sentences.push(sentence);
    }
    if (sentences.length > 0) result.push({ source: document.source, sentences });
  }
  return result;
}
