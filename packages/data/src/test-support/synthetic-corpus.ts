import { Rng } from '../random';
import type { TokenizedDocument, TokenizedSentence } from '../tokenize/tokenize-documents';

/** Ids that encode where a token came from: document d, sentence s, position p → 10 + d·10⁶ + s·10³ + p. */
export function tokenId(document: number, sentence: number, position: number): number {
  return 10 + document * 1_000_000 + sentence * 1_000 + position;
}

export function tokenOrigin(id: number): { document: number; sentence: number; position: number } {
  const value = id - 10;
  return {
    document: Math.floor(value / 1_000_000),
    sentence: Math.floor((value % 1_000_000) / 1_000),
    position: value % 1_000,
  };
}

const offsetTables = new WeakMap<readonly TokenizedDocument[], number[][]>();

/** Position of a token in its document's token stream, given the sentence lengths. */
export function streamIndex(corpus: readonly TokenizedDocument[], id: number): number {
  let offsets = offsetTables.get(corpus);
  if (offsets === undefined) {
    offsets = corpus.map((document) => {
      const starts: number[] = [];
      let total = 0;
      for (const s of document.sentences) {
        starts.push(total);
        total += s.ids.length;
      }
      return starts;
    });
    offsetTables.set(corpus, offsets);
  }
  const { document, sentence, position } = tokenOrigin(id);
  return (offsets[document]?.[sentence] ?? 0) + position;
}

export function sentence(ids: readonly number[], wordStarts?: readonly number[]): TokenizedSentence {
  return { ids: Int32Array.from(ids), wordStarts: Uint8Array.from(wordStarts ?? ids.map(() => 1)) };
}

/** `documents` documents of `sentences` sentences each, lengths uniform in [minLength, maxLength]. */
export function syntheticCorpus(
  documents: number,
  sentences: number,
  { minLength = 3, maxLength = 20, seed = 1 } = {},
): TokenizedDocument[] {
  const rng = new Rng(seed);
  return Array.from({ length: documents }, (_, d) => ({
    source: `synthetic:${d}`,
    sentences: Array.from({ length: sentences }, (_, s) => {
      const length = minLength + rng.int(maxLength - minLength + 1);
      return sentence(Array.from({ length }, (_, p) => tokenId(d, s, p)));
    }),
  }));
}
