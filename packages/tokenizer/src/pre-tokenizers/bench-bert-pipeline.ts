/**
 * Throughput report: BERT normalizer + BERT pre-tokenizer (the first steps of every BERT encode) on the Brown corpus,
 * here and in HF `tokenizers` (Rust through its Node binding). Prints ns per input character; not a test.
 *
 *   cd packages/tokenizer && RAYON_NUM_THREADS=1 npx vite-node src/pre-tokenizers/bench-bert-pipeline.ts [--accents | --hard]
 *
 * `--hard` runs on the random strings of the parity tests (accents, CJK, emoji, controls…) instead of Brown.
 */
import tk from 'tokenizers';
import { NormalizedString } from '../normalized-string';
import { BertNormalizer } from '../normalizers/bert-normalizer';
import { PreTokenizedString } from '../pre-tokenized-string';
import { randomText, seededRandom } from '../test-support/random';
import { brownDocuments } from '../test-support/reference-data';
import { BertPreTokenizer } from './bert-pre-tokenizer';

const documents = brownDocuments().map((sentences) => sentences.map((words) => words.join(' ')));
const random = seededRandom(7);
const hardTexts = Array.from({ length: 20_000 }, () => randomText(random));
const corpus = process.argv.includes('--hard') ? 'hard' : process.argv.includes('--accents') ? 'accents' : 'brown';
// `--accents`: Brown with one `e` in ten written `é` and one `a` in ten `à`, a stand-in for Western European text.
let counter = 0;
const accented = (sentence: string) =>
  sentence.replace(/[ea]/g, (letter) => (++counter % 10 === 0 ? (letter === 'e' ? 'é' : 'à') : letter));
const sentences =
  corpus === 'hard' ? hardTexts : corpus === 'accents' ? documents.flat().map(accented) : documents.flat();
const characters = sentences.reduce((sum, sentence) => sum + sentence.length, 0);
const nonAscii = sentences.filter((sentence) => /[^\x00-\x7f]/.test(sentence)).length;
if (corpus === 'hard') {
  console.log(
    `Random hard texts of the parity tests: ${sentences.length} texts, ${characters} UTF-16 units (${nonAscii} not ASCII)`,
  );
} else {
  console.log(
    `Brown${corpus === 'accents' ? ' with accents' : ''}: ${documents.length} documents, ${sentences.length} sentences, ${characters} characters (${nonAscii} sentences not ASCII)`,
  );
}

function time(label: string, run: () => number, rounds = 5): void {
  run(); // warm up
  let best = Number.POSITIVE_INFINITY;
  let words = 0;
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    words = run();
    best = Math.min(best, Number(process.hrtime.bigint() - start));
  }
  console.log(
    `${label.padEnd(64)} ${(best / characters).toFixed(1).padStart(6)} ns/char  ${(best / 1e6).toFixed(0).padStart(5)} ms  ${words} words`,
  );
}

const normalizer = new BertNormalizer();
const preTokenizer = new BertPreTokenizer();
time('ours: normalize + pre-tokenize, per sentence', () => {
  let words = 0;
  for (const sentence of sentences) {
    const normalized = new NormalizedString(sentence);
    normalizer.normalize(normalized);
    const pretokenized = new PreTokenizedString(normalized);
    preTokenizer.preTokenize(pretokenized);
    words += pretokenized.splits.length;
  }
  return words;
});
time('ours: same + getSplits() (word strings and original offsets)', () => {
  let words = 0;
  for (const sentence of sentences) {
    const normalized = new NormalizedString(sentence);
    normalizer.normalize(normalized);
    const pretokenized = new PreTokenizedString(normalized);
    preTokenizer.preTokenize(pretokenized);
    words += pretokenized.getSplits().length;
  }
  return words;
});

const hfNormalizer = tk.bertNormalizer();
const hfPreTokenizer = tk.bertPreTokenizer();
const joined = corpus === 'brown' ? documents.map((lines) => lines.join('\n')) : [sentences.join('\n')];
time('HF: normalizeString + preTokenizeString, per document (Rust + binding)', () => {
  let words = 0;
  for (const document of joined)
    words += hfPreTokenizer.preTokenizeString(hfNormalizer.normalizeString(document)).length;
  return words;
});
time('HF: normalizeString + preTokenizeString, per sentence', () => {
  let words = 0;
  for (const sentence of sentences)
    words += hfPreTokenizer.preTokenizeString(hfNormalizer.normalizeString(sentence)).length;
  return words;
});
const hf = new tk.Tokenizer(tk.WordLevel.init({ '[UNK]': 0 }, { unkToken: '[UNK]' }));
hf.setNormalizer(hfNormalizer);
hf.setPreTokenizer(hfPreTokenizer);
const encodeAll = async () => {
  const start = process.hrtime.bigint();
  const encodings = await hf.encodeBatch(sentences, { addSpecialTokens: false });
  return {
    nanoseconds: Number(process.hrtime.bigint() - start),
    words: encodings.reduce((sum, e) => sum + e.getLength(), 0),
  };
};
await encodeAll();
let best = Number.POSITIVE_INFINITY;
let words = 0;
for (let round = 0; round < 3; round++) {
  const result = await encodeAll();
  best = Math.min(best, result.nanoseconds);
  words = result.words;
}
const threads = process.env.RAYON_NUM_THREADS ?? 'all cores';
console.log(
  `${`HF: encodeBatch, WordLevel [UNK] model (threads: ${threads})`.padEnd(64)} ${(best / characters).toFixed(1).padStart(6)} ns/char  ${(best / 1e6).toFixed(0).padStart(5)} ms  ${words} words`,
);
