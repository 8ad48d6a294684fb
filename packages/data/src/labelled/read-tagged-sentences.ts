import { extname } from 'node:path';
import { DataError } from '@bert/core';
import { BadRows, badRow } from './bad-rows';
import type { BadRowOptions, ReadResult, TaggedSentence } from './labelled-example';
import { readUtf8, splitLines } from './read-text-file';
import { iob1ToIob2, type TagScheme, tagProblem } from './tag-scheme';

export interface TaggedSentenceOptions extends BadRowOptions {
  /** `conll` (default, unless the extension is `.jsonl`/`.json`) or `jsonl` (`{"tokens": [...], "tags": [...]}`). */
  readonly format?: 'conll' | 'jsonl';
  /** CoNLL: 0-based column of the word (default 0). JSONL: key of the word list (default `tokens`). */
  readonly tokenColumn?: number | string;
  /** CoNLL: 0-based column of the tag (default: the last). JSONL: key (default `tags`, else `ner_tags`). `null`: no tags. */
  readonly tagColumn?: number | string | null;
  /** Checked on every tag; `iob1` is converted to IOB2 on read. Default `none` (no check). */
  readonly scheme?: TagScheme;
}

/**
 * Reads sentences of words and tags for token classification (NER, POS). CoNLL: one word per line, columns separated
 * by spaces or tabs, a blank line between sentences, `-DOCSTART-` lines skipped; every line of a file must have the
 * same number of columns. JSONL: one object per line with a word list and a tag list of the same length. Tags are
 * checked against `scheme` (and IOB1 converted to IOB2). A malformed line is a `DataError` naming file and line, or a
 * skipped sentence with `skipBadRows`.
 *
 * @example
 * const { examples } = await readTaggedSentences('conll2003/eng.train', { tagColumn: 3, scheme: 'iob2' });
 * examples[0]; // { tokens: ['EU', 'rejects', 'German', …], tags: ['B-ORG', 'O', 'B-MISC', …], file, line: 3 }
 */
export async function readTaggedSentences(
  path: string,
  options: TaggedSentenceOptions = {},
): Promise<ReadResult<TaggedSentence>> {
  const extension = extname(path).toLowerCase();
  const format = options.format ?? (extension === '.jsonl' || extension === '.json' ? 'jsonl' : 'conll');
  const text = await readUtf8(path);
  const result = format === 'jsonl' ? readJsonl(text, path, options) : readConll(text, path, options);
  if (result.examples.length === 0 && result.skipped === 0) throw new DataError(`${path}: no sentences`);
  return result;
}

function checkTags(tags: readonly string[], lines: readonly number[], path: string, scheme: TagScheme): string[] {
  tags.forEach((tag, index) => {
    const problem = tagProblem(tag, scheme);
    if (problem !== undefined) throw badRow(path, lines[index] as number, problem);
  });
  return scheme === 'iob1' ? iob1ToIob2(tags) : [...tags];
}

function readConll(text: string, path: string, options: TaggedSentenceOptions): ReadResult<TaggedSentence> {
  const badRows = new BadRows(options);
  const examples: TaggedSentence[] = [];
  const scheme = options.scheme ?? 'none';
  let width: number | undefined;
  let widthLine = 0;
  let tokenColumn = 0;
  let tagColumn: number | undefined;
  let current: { words: string[]; tags: string[]; lines: number[]; error?: Error } = { words: [], tags: [], lines: [] };
  const flush = () => {
    const sentence = current;
    current = { words: [], tags: [], lines: [] };
    if (sentence.words.length === 0 && sentence.error === undefined) return;
    const example = badRows.guard(() => {
      if (sentence.error !== undefined) throw sentence.error;
      const line = sentence.lines[0] as number;
      if (tagColumn === undefined) return { tokens: sentence.words, file: path, line };
      return { tokens: sentence.words, tags: checkTags(sentence.tags, sentence.lines, path, scheme), file: path, line };
    });
    if (example !== undefined) examples.push(example);
  };
  for (const { text: raw, number } of splitLines(text)) {
    const line = raw.trim();
    if (line === '') {
      flush();
      continue;
    }
    const fields = line.split(/[ \t]+/);
    if (fields[0] === '-DOCSTART-') {
      flush();
      continue;
    }
    if (current.error !== undefined) continue; // the rest of a bad sentence
    if (width === undefined) {
      width = fields.length;
      widthLine = number;
      tokenColumn = columnIndex(options.tokenColumn ?? 0, width, 'token column', path, number);
      tagColumn =
        options.tagColumn === null
          ? undefined
          : columnIndex(options.tagColumn ?? width - 1, width, 'tag column', path, number);
      if (tagColumn !== undefined && tagColumn === tokenColumn) {
        throw new DataError(`${path}: the token and tag columns are both column ${tokenColumn}`);
      }
    }
    if (fields.length !== width) {
      current.error = badRow(path, number, `has ${fields.length} columns, expected ${width} (as line ${widthLine})`);
      continue;
    }
    current.words.push(fields[tokenColumn] as string);
    if (tagColumn !== undefined) current.tags.push(fields[tagColumn] as string);
    current.lines.push(number);
  }
  flush();
  return { examples, skipped: badRows.skipped };
}

function columnIndex(spec: number | string, width: number, flag: string, path: string, line: number): number {
  const index = typeof spec === 'number' ? spec : /^\d+$/.test(spec) ? Number(spec) : Number.NaN;
  if (!(Number.isInteger(index) && index >= 0 && index < width)) {
    throw new DataError(
      `${path}:${line}: ${flag} ${JSON.stringify(spec)} must be a 0-based index below ${width} (the line's column count)`,
    );
  }
  return index;
}

function readJsonl(text: string, path: string, options: TaggedSentenceOptions): ReadResult<TaggedSentence> {
  const badRows = new BadRows(options);
  const examples: TaggedSentence[] = [];
  const scheme = options.scheme ?? 'none';
  for (const { text: line, number } of splitLines(text)) {
    if (line.trim() === '') continue;
    const example = badRows.guard((): TaggedSentence => {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (error) {
        throw badRow(path, number, `not valid JSON (${(error as Error).message})`);
      }
      if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        throw badRow(path, number, 'expected a JSON object');
      }
      const object = record as Record<string, unknown>;
      const tokenKey = String(options.tokenColumn ?? 'tokens');
      const tokens = stringList(object[tokenKey], tokenKey, path, number);
      if (tokens.length === 0) throw badRow(path, number, `"${tokenKey}" is empty`);
      if (options.tagColumn === null) return { tokens, file: path, line: number };
      const tagKey = String(options.tagColumn ?? ('tags' in object || !('ner_tags' in object) ? 'tags' : 'ner_tags'));
      const tags = stringList(object[tagKey], tagKey, path, number);
      if (tags.length !== tokens.length) {
        throw badRow(path, number, `${tokens.length} tokens but ${tags.length} tags`);
      }
      return {
        tokens,
        tags: checkTags(
          tags,
          tags.map(() => number),
          path,
          scheme,
        ),
        file: path,
        line: number,
      };
    });
    if (example !== undefined) examples.push(example);
  }
  return { examples, skipped: badRows.skipped };
}

function stringList(value: unknown, key: string, path: string, line: number): string[] {
  if (!Array.isArray(value))
    throw badRow(path, line, `"${key}" must be a list, got ${JSON.stringify(value) ?? 'nothing'}`);
  return value.map((item, index) => {
    if (typeof item !== 'string' && typeof item !== 'number') {
      throw badRow(path, line, `"${key}"[${index}] must be a string, got ${JSON.stringify(item)}`);
    }
    return String(item);
  });
}
