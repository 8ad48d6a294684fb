import type { CorpusDocument } from './corpus-document';
import { readLines } from './read-lines';
import { splitSentences } from './sentence-splitter';

/** How raw text is cut into documents: each paragraph (blank-line separated), or the whole file. */
export type TextDocumentUnit = 'paragraph' | 'file';

/**
 * Reads plain prose (paragraphs separated by blank lines, sentences running across line breaks) and splits it into
 * sentences with `splitSentences`. With `unit: 'paragraph'` (default) every paragraph is a document and the file
 * streams; with `unit: 'file'` the file is one document, so its sentences are held until the end.
 */
export async function* readTextFile(
  path: string,
  { unit = 'paragraph' }: { unit?: TextDocumentUnit } = {},
): AsyncGenerator<CorpusDocument> {
  let paragraph: string[] = [];
  let paragraphStart = 0;
  let fileSentences: string[] = [];
  let fileStart = 0;

  function* flush(): Generator<CorpusDocument> {
    if (paragraph.length === 0) return;
    const sentences = splitSentences(paragraph.join('\n'));
    paragraph = [];
    if (sentences.length === 0) return;
    if (unit === 'paragraph') {
      yield { source: `${path}:${paragraphStart}`, sentences };
    } else {
      if (fileSentences.length === 0) fileStart = paragraphStart;
      fileSentences.push(...sentences);
    }
  }

  for await (const line of readLines(path)) {
    if (line.text.trim() === '') {
      yield* flush();
      continue;
    }
    if (paragraph.length === 0) paragraphStart = line.number;
    paragraph.push(line.text);
  }
  yield* flush();
  if (unit === 'file' && fileSentences.length > 0) yield { source: `${path}:${fileStart}`, sentences: fileSentences };
  fileSentences = [];
}
