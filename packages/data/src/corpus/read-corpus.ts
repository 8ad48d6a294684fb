import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '@bert/core';
import { brownDocuments } from './brown-documents';
import { type CorpusDocument, documentBytes } from './corpus-document';
import { readDocumentsFile } from './documents-file';
import { readTextFile, type TextDocumentUnit } from './text-file';

/**
 * How `.txt` files are read: `'sentence-per-line'` is google-research/bert's format (`readDocumentsFile`), `'text'`
 * is prose split by `splitSentences` (`readTextFile`).
 */
export type CorpusFormat = 'sentence-per-line' | 'text';

export interface ReadCorpusOptions {
  /** Default `'sentence-per-line'`. */
  readonly format?: CorpusFormat;
  /** For `format: 'text'`: a document per paragraph (default) or per file. */
  readonly unit?: TextDocumentUnit;
}

/** Every `.txt` file under `path` (itself if it is a file), sorted so that corpus order does not depend on the OS. */
export async function listCorpusFiles(path: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(
      `corpus path ${path}: ${code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`,
    );
  }
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) files.push(...(await listCorpusFiles(child)));
    else if (entry.name.endsWith('.txt')) files.push(child);
  }
  return files;
}

/**
 * Streams the documents of a corpus: files are read as given, directories recursively (their `.txt` files, in name
 * order). With no paths (`undefined` or `[]`) the corpus is Brown, the embedded default. Every path is checked
 * before the first document is read, so a typo fails at once; a corpus that yields no document at all is a
 * `DataError` too (an empty run would otherwise "train" on nothing).
 */
export async function* readCorpus(
  paths: readonly string[] | undefined,
  options: ReadCorpusOptions = {},
): AsyncGenerator<CorpusDocument> {
  if (paths === undefined || paths.length === 0) {
    yield* brownDocuments();
    return;
  }
  const format = options.format ?? 'sentence-per-line';
  const files: string[] = [];
  for (const path of paths) files.push(...(await listCorpusFiles(path)));
  let count = 0;
  for (const file of files) {
    const documents = format === 'text' ? readTextFile(file, { unit: options.unit }) : readDocumentsFile(file);
    for await (const document of documents) {
      count++;
      yield document;
    }
  }
  if (count === 0) {
    const where = files.length === 0 ? 'no .txt files' : `${files.length} file(s), all empty`;
    throw new DataError(`corpus ${paths.join(', ')}: no documents (${where})`);
  }
}

/** `readCorpus` collected into an array, for corpora that fit in memory (Brown does: about 6 MB). */
export async function loadCorpus(
  paths: readonly string[] | undefined,
  options: ReadCorpusOptions = {},
): Promise<CorpusDocument[]> {
  const documents: CorpusDocument[] = [];
  for await (const document of readCorpus(paths, options)) documents.push(document);
  return documents;
}

/**
 * Groups a stream of documents into shards of about `shardMegabytes` of text (a document is never split; a shard
 * closes once it reaches the size). Pair builders then work one shard at a time, as the reference does with many
 * input files: random "next sentences" come from the same shard, and memory holds one shard of tokens.
 */
export async function* shardDocuments(
  documents: AsyncIterable<CorpusDocument> | Iterable<CorpusDocument>,
  shardMegabytes: number,
): AsyncGenerator<CorpusDocument[]> {
  if (!(shardMegabytes > 0)) throw new DataError(`shardMegabytes (${shardMegabytes}) must be > 0`);
  const limit = shardMegabytes * 1024 * 1024;
  let shard: CorpusDocument[] = [];
  let bytes = 0;
  for await (const document of documents) {
    shard.push(document);
    bytes += documentBytes(document);
    if (bytes >= limit) {
      yield shard;
      shard = [];
      bytes = 0;
    }
  }
  if (shard.length > 0) yield shard;
}

/** `readCorpus` cut into shards: `for await (const shard of readCorpusShards(paths, 64)) { … }`. */
export function readCorpusShards(
  paths: readonly string[] | undefined,
  shardMegabytes: number,
  options: ReadCorpusOptions = {},
): AsyncGenerator<CorpusDocument[]> {
  return shardDocuments(readCorpus(paths, options), shardMegabytes);
}
