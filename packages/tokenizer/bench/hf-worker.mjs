// Runs one HF `tokenizers` (Rust) measurement in its own process, so RAYON_NUM_THREADS applies before the binding
// loads. Usage: node hf-worker.mjs encode <tokenizer.json> <sentences.json> <repeats>
//               node hf-worker.mjs train-bpe <corpus.txt> <repeats>
import { readFileSync } from 'node:fs';
import tk from 'tokenizers';

const [mode, ...args] = process.argv.slice(2);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

if (mode === 'encode') {
  const [tokenizerPath, sentencesPath, repeats] = args;
  const tokenizer = tk.Tokenizer.fromFile(tokenizerPath);
  const sentences = JSON.parse(readFileSync(sentencesPath, 'utf8'));
  await tokenizer.encodeBatch(sentences.slice(0, 2000)); // warm-up
  const times = [];
  let tokens = 0;
  for (let run = 0; run < Number(repeats); run++) {
    const started = performance.now();
    const encodings = await tokenizer.encodeBatch(sentences);
    times.push(performance.now() - started);
    tokens = encodings.reduce((sum, encoding) => sum + encoding.getLength(), 0);
  }
  console.log(JSON.stringify({ ms: median(times), tokens }));
} else if (mode === 'train-bpe') {
  const [corpus, repeats] = args;
  const times = [];
  let vocabSize = 0;
  for (let run = 0; run < Number(repeats); run++) {
    const tokenizer = new tk.Tokenizer(tk.BPE.empty());
    tokenizer.setPreTokenizer(tk.whitespacePreTokenizer());
    const started = performance.now();
    tokenizer.train([corpus]);
    times.push(performance.now() - started);
    vocabSize = tokenizer.getVocabSize();
  }
  console.log(JSON.stringify({ ms: median(times), vocabSize }));
} else {
  throw new Error(`unknown mode ${mode}`);
}
