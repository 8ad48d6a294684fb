import type { CorpusDocument } from './corpus-document';
import { readLines } from './read-lines';

/**
 * Reads google-research/bert's pretraining format: one sentence per line, a blank line between documents
 * (`create_pretraining_data.py`). Streams: only the current document is held, so the file may be larger than memory.
 * Lines are trimmed, and empty documents (several blank lines in a row) are skipped, as in the reference.
 *
 * ```text
 * The cat sat.          ← document 1, sentence 1
 * It was happy.         ← document 1, sentence 2
 *                       ← blank: next document
 * Stocks fell today.    ← document 2
 * ```
 */
export async function* readDocumentsFile(path: string): AsyncGenerator<CorpusDocument> {
  let sentences: string[] = [];
  let source = '';
  for await (const line of readLines(path)) {
    const text = line.text.trim();
    if (text === '') {
      if (sentences.length > 0) yield { source, sentences };
      sentences = [];
      continue;
    }
    if (sentences.length === 0) source = `${path}:${line.number}`;
    sentences.push(text);
  }
  if (sentences.length > 0) yield { source, sentences };
}
