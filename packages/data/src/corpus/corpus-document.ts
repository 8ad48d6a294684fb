/**
 * A document as text: its sentences in order. `source` says where it came from (`path:line` of its first sentence,
 * or `brown:ca01`), so later stages can name it in errors.
 */
export interface CorpusDocument {
  readonly source: string;
  readonly sentences: readonly string[];
}

/** UTF-8 size of a document as it would be written one sentence per line; what shards are measured in. */
export function documentBytes(document: CorpusDocument): number {
  let bytes = 0;
  for (const sentence of document.sentences) bytes += Buffer.byteLength(sentence, 'utf8') + 1;
  return bytes + 1;
}
