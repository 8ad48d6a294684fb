// Profiling aid: `npx vite-node bench/profile-encode.ts [wordpiece|bpe]` times our encodeBatch on Brown sentences
// and prints a breakdown by pipeline stage (normalize + pre-tokenize, model, assembly). Not a comparison benchmark.
import { bertWordPieceTokenizer, byteLevelBpeTokenizer } from '../dist/index.js';
import { bertVocab, brownSentences, gpt2 } from '../src/test-support/reference-data';

const which = process.argv[2] ?? 'wordpiece';
const sentences = brownSentences();
const tokenizer = which === 'bpe' ? byteLevelBpeTokenizer(gpt2()) : bertWordPieceTokenizer({ vocab: bertVocab() });
const time = (label: string, fn: () => void) => {
  fn();
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  console.log(`${label.padEnd(28)} ${Math.min(...times).toFixed(0)} ms (min of 5)`);
};
time('encodeBatch', () => tokenizer.encodeBatch(sentences));
time('normalize + pre-tokenize', () => {
  for (const sentence of sentences) tokenizer.preTokenize(sentence);
});
const words = sentences.flatMap((sentence) =>
  tokenizer
    .preTokenize(sentence)
    .getSplits()
    .map(([word]) => word),
);
time(`model (${words.length} words)`, () => {
  for (const word of words) tokenizer.model.tokenize(word);
});
