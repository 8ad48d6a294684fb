/**
 * Parity with HF `tokenizers` (the npm binding, 0.23.2): both sides train on the same Brown corpus slice, pre-tokenized
 * by HF's own `whitespacePreTokenizer` (`\w+|[^\w\s]+`), so the tests isolate the trainers. The binding can only
 * train with each model's default trainer (vocab 30,000, min frequency 0, no special tokens); BPE merges are
 * sequential, so the first k merges and the ids below N of that run must equal our run with a smaller `vocabSize`.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tk from 'tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../test-support/random';
import { brownDocuments } from '../test-support/reference-data';
import { resolveBpeTrainerOptions } from './bpe-trainer-options';
import { trainBpe } from './bpe-training';
import { WordCounts } from './word-counts';
import { WordLevelTrainer } from './word-level-trainer';
import { WordPieceTrainer } from './word-piece-trainer';

const BROWN_FILES = 60; // of 500: ~7k sentences; BPE runs out of pairs before 30,000 tokens (ties among counts of 1)

interface HfModel {
  vocab: Record<string, number>;
  merges?: Array<[string, string]>;
}

/** A corpus file and the same text as HF pre-tokenizes it, one word list per line. */
interface Corpus {
  file: string;
  lines: string[][];
}

const workDir = join(tmpdir(), `bert-trainer-parity-${process.pid}`);
let brown: Corpus;

beforeAll(() => {
  mkdirSync(workDir, { recursive: true });
  brown = writeCorpus('brown', BROWN_FILES);
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function writeCorpus(name: string, fileCount: number): Corpus {
  const text = brownText(fileCount);
  const file = join(workDir, `${name}.txt`);
  writeFileSync(file, text);
  const whitespace = tk.whitespacePreTokenizer();
  return { file, lines: text.split('\n').map((line) => whitespace.preTokenizeString(line).map(([word]) => word)) };
}

/** The first `fileCount` Brown documents as text: one sentence per line, words as tagged (quote tokens unchanged). */
function brownText(fileCount: number): string {
  const sentences = brownDocuments(fileCount).flat();
  return `${sentences.map((words) => words.join(' ')).join('\n')}\n`;
}

/** Trains HF's default trainer for `model` on the corpus file and returns the saved model JSON. */
function trainHf(model: 'bpe' | 'wordpiece' | 'wordlevel', corpus: Corpus): HfModel {
  const empty = model === 'bpe' ? tk.BPE.empty() : model === 'wordpiece' ? tk.WordPiece.empty() : tk.WordLevel.empty();
  const tokenizer = new tk.Tokenizer(empty);
  tokenizer.setPreTokenizer(tk.whitespacePreTokenizer());
  tokenizer.train([corpus.file]);
  const path = join(workDir, `${model}.json`);
  tokenizer.save(path);
  return (JSON.parse(readFileSync(path, 'utf8')) as { model: HfModel }).model;
}

function countWords(corpus: Corpus): WordCounts {
  const counts = new WordCounts();
  for (const words of corpus.lines) counts.add(words);
  return counts;
}

/** Token → id pairs sorted by id, for readable diffs. */
function byId(vocab: Record<string, number> | Map<string, number>): Array<[string, number]> {
  const entries = vocab instanceof Map ? [...vocab] : Object.entries(vocab);
  return entries.sort((a, b) => a[1] - b[1]);
}

describe('BpeTrainer parity with HF', () => {
  let hf: HfModel;
  let counts: WordCounts;
  beforeAll(() => {
    hf = trainHf('bpe', brown);
    counts = countWords(brown);
  });

  it('learns the same vocabulary and merges with the default options, until no pair is left', () => {
    const ours = trainBpe(counts.get(), resolveBpeTrainerOptions());
    expect(ours.vocab.size).toBeLessThan(30000);
    expect(byId(ours.vocab)).toEqual(byId(hf.vocab));
    expect(ours.merges).toEqual(hf.merges);
  });

  it.each([100, 1000, 5000])('stops at vocabSize %i with a prefix of HF merges', (vocabSize) => {
    const ours = trainBpe(counts.get(), resolveBpeTrainerOptions({ vocabSize }));
    const hfVocab = byId(hf.vocab).filter(([, id]) => id < vocabSize);
    expect(ours.vocab.size).toBe(vocabSize);
    expect(byId(ours.vocab)).toEqual(hfVocab);
    expect(ours.merges).toEqual(hf.merges!.slice(0, ours.merges.length));
  });
});

describe('BpeTrainer and WordLevelTrainer parity with HF on random corpora', () => {
  // Few letters and repeated words make many ties and stale queue entries; ｚ (U+FF5A) and 𝔘 (U+1D518) sort
  // differently in UTF-16 and in code points.
  const LETTERS = ['a', 'b', 'c', 'é', 'ｚ', '𝔘'];

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('corpus %i', (seed) => {
    const random = seededRandom(seed);
    const lines: string[][] = [];
    for (let line = 0; line < 40; line++) {
      const words: string[] = [];
      for (let index = 1 + Math.floor(random() * 6); index > 0; index--) {
        let word = '';
        for (let length = 1 + Math.floor(random() * 8); length > 0; length--) {
          word += LETTERS[Math.floor(random() * (2 + (seed % 5)))];
        }
        words.push(word);
      }
      lines.push(words);
    }
    const corpus: Corpus = { file: join(workDir, `random-${seed}.txt`), lines };
    writeFileSync(corpus.file, lines.map((words) => words.join(' ')).join('\n'));
    const counts = countWords(corpus);

    const hfBpe = trainHf('bpe', corpus);
    const ours = trainBpe(counts.get(), resolveBpeTrainerOptions());
    expect(byId(ours.vocab)).toEqual(byId(hfBpe.vocab));
    expect(ours.merges).toEqual(hfBpe.merges);

    const hfWordLevel = trainHf('wordlevel', corpus);
    const wordLevel = new WordLevelTrainer();
    for (const words of lines) wordLevel.feed(words);
    expect(byId(wordLevel.train().getVocab())).toEqual(byId(hfWordLevel.vocab));
  });
});

describe('WordPieceTrainer parity with HF', () => {
  it('learns the same vocabulary once the ## symbols are numbered as in HF', () => {
    const hf = trainHf('wordpiece', brown);
    // HF numbers `##x` symbols in its word HashMap's (random) order; ours in first-appearance order. Feeding the words
    // in an order that meets the `##x` symbols in HF's id order makes every later tie-break comparable.
    const target = byId(hf.vocab)
      .map(([token]) => token)
      .filter((token) => token.startsWith('##') && [...token].length === 3)
      .map((token) => token.slice(2));
    const trainer = new WordPieceTrainer();
    for (const [word, count] of orderToMeetSymbols(countWords(brown).get(), target))
      trainer.feed(Array(count).fill(word));
    const ours = trainer.train();
    expect(ours.continuingSubwordPrefix).toBe('##');
    expect(byId(ours.getVocab())).toEqual(byId(hf.vocab));
  });
});

describe('WordLevelTrainer parity with HF', () => {
  it('orders words by count, then by code point', () => {
    const hf = trainHf('wordlevel', brown);
    const trainer = new WordLevelTrainer();
    for (const words of brown.lines) trainer.feed(words);
    expect(byId(trainer.train().getVocab())).toEqual(byId(hf.vocab));
  });
});

/**
 * Word counts reordered so that the first appearances of non-initial characters follow `target`. A greedy choice
 * works: the word that introduced HF's next symbol still introduces it, with the rest of its chunk, in order.
 */
function orderToMeetSymbols(counts: ReadonlyMap<string, number>, target: string[]): Map<string, number> {
  const words = [...counts.keys()];
  const introduced = words.map((word) => [...new Set([...word].slice(1))]);
  const wordsWith = new Map<string, number[]>();
  introduced.forEach((chars, index) => {
    for (const char of chars) {
      const list = wordsWith.get(char);
      if (list) list.push(index);
      else wordsWith.set(char, [index]);
    }
  });
  const seen = new Set<string>();
  const ordered = new Map<string, number>();
  let next = 0;
  while (next < target.length) {
    const index = (wordsWith.get(target[next]!) ?? []).find((at) => {
      const fresh = introduced[at]!.filter((char) => !seen.has(char));
      return fresh.every((char, offset) => target[next + offset] === char);
    });
    if (index === undefined) throw new Error(`no word introduces ${JSON.stringify(target[next])} next`);
    const word = words[index]!;
    ordered.set(word, counts.get(word)!);
    for (const char of introduced[index]!) {
      if (seen.has(char)) continue;
      seen.add(char);
      next++;
    }
  }
  for (const [word, count] of counts) if (!ordered.has(word)) ordered.set(word, count);
  return ordered;
}
