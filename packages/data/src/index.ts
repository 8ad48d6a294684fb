export {
  type BrownDocument,
  type BrownSentence,
  brownCorpusDirectory,
  detokenizeBrown,
  loadBrownCorpus,
  parseBrownLine,
} from './brown-corpus';
