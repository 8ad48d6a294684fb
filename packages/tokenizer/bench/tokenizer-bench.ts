// npm run bench:tokenizer [-- --sst2 ../shared/data/sst2/train.tsv --repeats 3]   (or: npx vite-node bench/tokenizer-bench.ts …)
// Encode throughput of our WordPiece (bert-base-uncased) and byte-level BPE (GPT-2) against HF `tokenizers` (Rust,
// one thread via RAYON_NUM_THREADS=1, and its default threads) and `@huggingface/tokenizers` (tokenizers.js, pure
// JS); then BPE training of a 30k vocabulary on the Brown corpus against HF. Same machine, same input, same
// tokenizer.json for every implementation. Prints a table and `bench:tokenizer …` lines. Measures the built package
// (`dist/`, run `npm run build` first); inputs come from `src/test-support/`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Tokenizer as JsTokenizer } from '@huggingface/tokenizers';
import {
  BPE,
  BpeTrainer,
  bertWordPieceTokenizer,
  byteLevelBpeTokenizer,
  Tokenizer,
  Whitespace,
} from '../dist/index.js';
import { bertVocab, brownSentences, gpt2 } from '../src/test-support/reference-data';

const here = import.meta.dirname;
const repoRoot = resolve(here, '../../..');
const { values } = parseArgs({
  options: {
    sst2: { type: 'string', default: join(repoRoot, '../shared/data/sst2/train.tsv') },
    repeats: { type: 'string', default: '3' },
  },
});
const repeats = Number(values.repeats);
const work = mkdtempSync(join(tmpdir(), 'bert-tokenizer-bench-'));
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const utf8Bytes = (texts: string[]) => texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);

/** One HF measurement in a child process (see hf-worker.mjs); `threads` undefined = HF's default. */
function hf(args: string[], threads: number | undefined): { ms: number } {
  const env = {
    ...process.env,
    ...(threads ? { RAYON_NUM_THREADS: String(threads), RAYON_RS_NUM_CPUS: String(threads) } : {}),
  };
  const output = execFileSync(process.execPath, [join(here, 'hf-worker.mjs'), ...args], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(output.trim().split('\n').pop()!);
}

function timeOurs(fn: () => unknown): number {
  fn(); // warm-up
  const times = [];
  for (let run = 0; run < repeats; run++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

const inputs: Array<{ name: string; sentences: string[] }> = [];
const brown = brownSentences();
inputs.push({ name: 'brown', sentences: brown });
if (existsSync(values.sst2)) {
  const lines = readFileSync(values.sst2, 'utf8').split('\n').slice(1).filter(Boolean);
  inputs.push({ name: 'sst2-train', sentences: lines.map((line) => line.split('\t')[0]!) });
} else {
  console.log(`(SST-2 not found at ${values.sst2}; benchmarking on Brown only)`);
}

const pipelines = [
  { name: 'wordpiece', ours: bertWordPieceTokenizer({ vocab: bertVocab() }) },
  { name: 'bpe', ours: byteLevelBpeTokenizer(gpt2()) },
];

const rows: Array<
  Record<'mb' | 'ours' | 'hf1' | 'hfAll' | 'js' | 'sentencesPerSecond', number> & {
    model: string;
    input: string;
    sentences: number;
  }
> = [];
for (const { name, ours } of pipelines) {
  const tokenizerPath = join(work, `${name}.json`);
  ours.save(tokenizerPath);
  const jsTokenizer = new JsTokenizer(JSON.parse(readFileSync(tokenizerPath, 'utf8')), {});
  for (const { name: inputName, sentences } of inputs) {
    const sentencesPath = join(work, `${inputName}.json`);
    writeFileSync(sentencesPath, JSON.stringify(sentences));
    const megabytes = utf8Bytes(sentences) / 1e6;
    const oursMs = timeOurs(() => ours.encodeBatch(sentences));
    const jsMs = timeOurs(() => {
      for (const sentence of sentences) jsTokenizer.encode(sentence);
    });
    const hf1 = hf(['encode', tokenizerPath, sentencesPath, String(repeats)], 1);
    const hfAll = hf(['encode', tokenizerPath, sentencesPath, String(repeats)], undefined);
    const rate = (ms: number) => megabytes / (ms / 1000);
    rows.push({
      model: name,
      input: inputName,
      sentences: sentences.length,
      mb: megabytes,
      ours: rate(oursMs),
      hf1: rate(hf1.ms),
      hfAll: rate(hfAll.ms),
      js: rate(jsMs),
      sentencesPerSecond: sentences.length / (oursMs / 1000),
    });
  }
}

const brownPath = join(work, 'brown.txt');
writeFileSync(brownPath, `${brown.join('\n')}\n`);
const train = () => {
  const tokenizer = new Tokenizer({ model: new BPE({ vocab: {}, merges: [] }), preTokenizer: new Whitespace() });
  return tokenizer.trainFromFiles(new BpeTrainer({ vocabSize: 30000, minFrequency: 0 }), [brownPath]);
};
await train();
const trainTimes = [];
let trainedSize = 0;
for (let run = 0; run < repeats; run++) {
  const started = performance.now();
  trainedSize = (await train()).getVocabSize();
  trainTimes.push(performance.now() - started);
}
const oursTrain = median(trainTimes);
const hfTrain1 = hf(['train-bpe', brownPath, String(repeats)], 1);
const hfTrainAll = hf(['train-bpe', brownPath, String(repeats)], undefined);
rmSync(work, { recursive: true, force: true });

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`\nmachine: ${cpus().length} × ${cpu}, Node ${process.version}; median of ${repeats} runs after a warm-up`);
console.log(
  '\nencode throughput (MB/s of UTF-8 input; HF Rust in one thread and in all threads; tokenizers.js pure JS)',
);
console.log(
  'model      input        sentences   MB     ours   hf-rust-1t  hf-rust-all  tokenizers.js  ours/hf-1t  ours/js',
);
for (const row of rows) {
  console.log(
    `${row.model.padEnd(10)} ${row.input.padEnd(12)} ${String(row.sentences).padStart(9)} ${row.mb.toFixed(2).padStart(5)} ${row.ours.toFixed(2).padStart(7)} ${row.hf1.toFixed(2).padStart(11)} ${row.hfAll.toFixed(2).padStart(12)} ${row.js.toFixed(2).padStart(14)} ${(row.ours / row.hf1).toFixed(2).padStart(10)}x ${(row.ours / row.js).toFixed(2).padStart(7)}x`,
  );
}
console.log(
  `\nBPE training, 30k vocab, Brown corpus (${(utf8Bytes(brown) / 1e6).toFixed(1)} MB): ours ${(oursTrain / 1000).toFixed(2)} s (vocab ${trainedSize}), HF 1 thread ${(hfTrain1.ms / 1000).toFixed(2)} s, HF all threads ${(hfTrainAll.ms / 1000).toFixed(2)} s`,
);
for (const row of rows) {
  console.log(
    `bench:tokenizer encode model=${row.model} input=${row.input} ours_mb_s=${row.ours.toFixed(2)} sentences_s=${row.sentencesPerSecond.toFixed(0)} hf_1t_mb_s=${row.hf1.toFixed(2)} hf_all_mb_s=${row.hfAll.toFixed(2)} js_mb_s=${row.js.toFixed(2)} ratio_vs_hf_1t=${(row.ours / row.hf1).toFixed(2)} ratio_vs_js=${(row.ours / row.js).toFixed(2)}`,
  );
}
console.log(
  `bench:tokenizer train model=bpe vocab=30000 ours_s=${(oursTrain / 1000).toFixed(2)} hf_1t_s=${(hfTrain1.ms / 1000).toFixed(2)} hf_all_s=${(hfTrainAll.ms / 1000).toFixed(2)} ratio_vs_hf_1t=${(oursTrain / hfTrain1.ms).toFixed(2)} ratio_vs_hf_all=${(oursTrain / hfTrainAll.ms).toFixed(2)}`,
);
