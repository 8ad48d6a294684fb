import { bertWordPieceTokenizer } from '@bert/tokenizer';
import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { alignTokenLabels, beginToInside, firstTokenOfWords, IGNORE_INDEX } from './align-labels';
import { collateExamples, FinetuneDataset } from './finetune-batches';
import { encodeTaggedSentences, encodeTextExamples } from './finetune-features';
import { LabelSet } from './label-set';

const X = IGNORE_INDEX;
// A hand-made WordPiece vocabulary, so that the pieces of each word are known:
// johanson → johan ##son, lives → lives, in → in, gothenburg → goth ##en ##burg.
const VOCAB = [
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  '[MASK]',
  'johan',
  '##son',
  'lives',
  'in',
  'goth',
  '##en',
  '##burg',
  'a',
  'b',
];
const tokenizer = () =>
  bertWordPieceTokenizer({ vocab: new Map(VOCAB.map((token, id) => [token, id])), lowercase: true });
const where = { file: 'hand.conll', line: 1 };

describe('alignTokenLabels (HF run_ner tokenize_and_align_labels)', () => {
  const labels = LabelSet.fromLabels(['B-PER', 'I-PER', 'O', 'B-LOC', 'I-LOC']); // B-LOC 0, B-PER 1, I-LOC 2, I-PER 3, O 4
  const sentence = { tokens: ['Johanson', 'lives', 'in', 'Gothenburg'], tags: ['B-PER', 'O', 'O', 'B-LOC'], ...where };

  it('labels the first piece of each word and ignores the rest', () => {
    const [encoded] = encodeTaggedSentences([sentence], tokenizer(), { maxSeqLength: 32, labels });
    // [CLS] johan ##son lives in goth ##en ##burg [SEP]
    expect([...(encoded?.inputIds ?? [])]).toEqual([2, 5, 6, 7, 8, 9, 10, 11, 3]);
    expect(encoded?.wordIds).toEqual([null, 0, 0, 1, 2, 3, 3, 3, null]);
    expect([...((encoded?.label as Int32Array) ?? [])]).toEqual([X, 1, X, 4, 4, 0, X, X, X]);
  });

  it('--label-all-tokens repeats the label on later pieces, as I- for a B- label', () => {
    const [encoded] = encodeTaggedSentences([sentence], tokenizer(), {
      maxSeqLength: 32,
      labels,
      labelAllTokens: true,
    });
    // johan B-PER(1) ##son I-PER(3); goth B-LOC(0) ##en ##burg I-LOC(2)
    expect([...((encoded?.label as Int32Array) ?? [])]).toEqual([X, 1, 3, 4, 4, 0, 2, 2, X]);
  });

  it('beginToInside keeps a B- label without an I- form', () => {
    expect([...beginToInside(['B-PER', 'I-PER', 'O', 'B-MISC'])]).toEqual([1, 1, 2, 3]);
    expect([
      ...alignTokenLabels([null, 0, 0, null], [3], {
        labelAllTokens: true,
        beginToInside: beginToInside(['B-PER', 'I-PER', 'O', 'B-MISC']),
      }),
    ]).toEqual([X, 3, 3, X]);
  });

  it('truncation drops whole trailing pieces; dropped words have no first token', () => {
    const [encoded] = encodeTaggedSentences([sentence], tokenizer(), { maxSeqLength: 6, labels });
    expect(encoded?.truncated).toBe(true);
    expect(encoded?.inputIds.length).toBeLessThanOrEqual(6);
    const first = firstTokenOfWords(encoded?.wordIds ?? [], 4);
    expect(first[0]).toBe(1);
    expect(first[3]).toBe(-1);
  });

  it('an unseen tag is a DataError naming file and line', () => {
    expect(() =>
      encodeTaggedSentences([{ ...sentence, tags: ['B-ORG', 'O', 'O', 'O'], line: 12 }], tokenizer(), {
        maxSeqLength: 32,
        labels,
      }),
    ).toThrow('hand.conll:12: label "B-ORG" was not seen in the training data');
  });
});

describe('encodeTextExamples and batching', () => {
  const labels = LabelSet.fromLabels(['neg', 'pos']);
  const examples = [
    { text: 'a', label: 'pos', ...where },
    { text: 'b a b', label: 'neg', ...where, line: 2 },
    { text: 'a b', textPair: 'b', label: 'pos', ...where, line: 3 },
  ];

  it('single texts and pairs: [CLS] A [SEP] (B [SEP]) with token types', () => {
    const encoded = encodeTextExamples(examples, tokenizer(), { maxSeqLength: 16, labels });
    expect([...(encoded[0]?.inputIds ?? [])]).toEqual([2, 12, 3]);
    expect([...(encoded[2]?.inputIds ?? [])]).toEqual([2, 12, 13, 3, 13, 3]);
    expect([...(encoded[2]?.tokenTypeIds ?? [])]).toEqual([0, 0, 0, 0, 1, 1]);
    expect(encoded.map((example) => example.label)).toEqual([1, 0, 1]);
    const regression = encodeTextExamples([{ text: 'a', label: '2.5', ...where }], tokenizer(), {
      maxSeqLength: 8,
      regression: true,
    });
    expect(regression[0]?.label).toBe(2.5);
  });

  it('truncates to maxSeqLength and says so', () => {
    const [long] = encodeTextExamples([{ text: 'a b a b a b a b', label: 'pos', ...where }], tokenizer(), {
      maxSeqLength: 5,
      labels,
    });
    expect([...(long?.inputIds ?? [])]).toEqual([2, 12, 13, 12, 3]);
    expect(long?.truncated).toBe(true);
  });

  it('collates padded [B·T] arrays and [B] labels; regression labels are float32', () => {
    const encoded = encodeTextExamples(examples, tokenizer(), { maxSeqLength: 16, labels });
    const batch = collateExamples(encoded, [0, 2], { padId: 0 });
    expect(batch.seqLength).toBe(6);
    expect([...batch.inputIds]).toEqual([2, 12, 3, 0, 0, 0, 2, 12, 13, 3, 13, 3]);
    expect([...batch.attentionMask]).toEqual([1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    expect(batch.labels).toBeInstanceOf(Int32Array);
    expect([...batch.indices]).toEqual([0, 2]);
    expect(collateExamples(encoded, [0], { padId: 0, regression: true }).labels).toBeInstanceOf(Float32Array);
  });

  it('FinetuneDataset: every example once per epoch, reproducible epochs, resumable from a batch', () => {
    const encoded = encodeTextExamples(
      Array.from({ length: 10 }, (_, index) => ({
        text: 'a b '.repeat(1 + (index % 4)).trim(),
        label: index % 2 ? 'pos' : 'neg',
        ...where,
        line: index + 1,
      })),
      tokenizer(),
      { maxSeqLength: 16, labels },
    );
    const dataset = new FinetuneDataset(encoded, { batchSize: 3, padId: 0, rng: new Rng(7) });
    const seen = [...dataset.epoch(0)].flatMap((batch) => [...batch.indices]);
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const again = new FinetuneDataset(encoded, { batchSize: 3, padId: 0, rng: new Rng(7) });
    expect(again.batchIndices(1)).toEqual(dataset.batchIndices(1));
    expect([...again.epoch(1, { fromBatch: 2 })].map((batch) => [...batch.indices])).toEqual(
      dataset
        .batchIndices(1)
        .slice(2)
        .map((indices) => [...indices]),
    );
    expect([...dataset.inOrder()].flatMap((batch) => [...batch.indices])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(dataset.batchesPerEpoch).toBe(4);
  });
});
