/**
 * End-to-end parity with Hugging Face `tokenizers` (the npm binding, Rust): full pipelines — added tokens,
 * normalizer, pre-tokenizer, model, truncation, post-processor, padding, decoder — on thousands of real and
 * generated sentences. Golden values are HF's outputs; nothing is computed by the code under test.
 * Offsets: HF counts code points, we count UTF-16 units; HF's are converted before comparing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tk from 'tokenizers';
import { afterAll, describe, expect, it } from 'vitest';
import { type Encoding, Tokenizer } from '../src';
import { codePointOffsetsToUtf16, hfGpt2 } from '../src/test-support/hf-reference';
import { randomText, seededRandom } from '../src/test-support/random';
import { bertVocab, brownSentences } from '../src/test-support/reference-data';

const workDir = mkdtempSync(join(tmpdir(), 'bert-tokenizer-parity-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

type HfEncoding = Awaited<ReturnType<tk.Tokenizer['encode']>>;

interface Comparable {
  ids: number[];
  tokens: string[];
  typeIds: number[];
  offsets: [number, number][];
  specialTokensMask: number[];
  attentionMask: number[];
  wordIds: (number | null)[];
  overflowing: Comparable[];
}

function fromHf(encoding: HfEncoding, texts: { first: string; pair?: string }): Comparable {
  const sequenceIds = encoding.getSequenceIds();
  const toUtf16 = [codePointOffsetsToUtf16(texts.first), codePointOffsetsToUtf16(texts.pair ?? '')];
  return {
    ids: encoding.getIds(),
    tokens: encoding.getTokens(),
    typeIds: encoding.getTypeIds(),
    offsets: encoding.getOffsets().map((offsets, index) => {
      const sequence = sequenceIds[index];
      return sequence === null || sequence === undefined ? [offsets[0]!, offsets[1]!] : toUtf16[sequence]!(offsets);
    }),
    specialTokensMask: encoding.getSpecialTokensMask(),
    attentionMask: encoding.getAttentionMask(),
    wordIds: encoding.getWordIds().map((id) => id ?? null),
    overflowing: encoding.getOverflowing().map((overflow) => fromHf(overflow as HfEncoding, texts)),
  };
}

function fromOurs(encoding: Encoding): Comparable {
  return {
    ids: encoding.ids,
    tokens: encoding.tokens,
    typeIds: encoding.typeIds,
    offsets: encoding.offsets,
    specialTokensMask: encoding.specialTokensMask,
    attentionMask: encoding.attentionMask,
    wordIds: encoding.wordIds,
    overflowing: encoding.overflowing.map(fromOurs),
  };
}

const EDGE_CASES = [
  '',
  '   ',
  'Hello [MASK] world',
  '[CLS]already[SEP] [PAD][PAD]',
  'the [mask] is lowercase here',
  'a'.repeat(250),
  'x\u0000y\u0007z\ufffd',
  '東京タワー에서 만나요 😀👍🏽',
  "naïve café — «déjà vu», don't",
  'e\u0301 combining',
];

/** The reference bert-base-uncased pipeline as HF builds it, saved by HF. */
function hfBertJson(): string {
  const hf = new tk.Tokenizer(tk.WordPiece.init(bertVocab(), { unkToken: '[UNK]' }));
  hf.setNormalizer(tk.bertNormalizer({ lowercase: true }));
  hf.setPreTokenizer(tk.bertPreTokenizer());
  hf.setPostProcessor(
    tk.templateProcessing('[CLS] $A [SEP]', '[CLS] $A [SEP] $B:1 [SEP]:1', [
      ['[CLS]', 101],
      ['[SEP]', 102],
    ]),
  );
  hf.setDecoder(tk.wordPieceDecoder());
  hf.addSpecialTokens(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
  const path = join(workDir, 'hf-bert.json');
  hf.save(path);
  return readFileSync(path, 'utf8');
}

async function hfEncodeAll(
  hf: tk.Tokenizer,
  inputs: Array<{ first: string; pair?: string }>,
): Promise<Array<Comparable | Error>> {
  try {
    // One batched call is ~50x faster than awaiting each encode; it fails as a whole if one input fails.
    const batch = inputs.map((input) => (input.pair === undefined ? input.first : [input.first, input.pair]));
    const encodings = await hf.encodeBatch(batch as Parameters<tk.Tokenizer['encodeBatch']>[0]);
    return encodings.map((encoding, index) => fromHf(encoding, inputs[index]!));
  } catch {
    return Promise.all(
      inputs.map((input) =>
        hf.encode(input.first, input.pair ?? null).then(
          (encoding) => fromHf(encoding, input),
          (error: Error) => error,
        ),
      ),
    );
  }
}

async function compareAll(
  hf: tk.Tokenizer,
  ours: Tokenizer,
  allInputs: Array<{ first: string; pair?: string }>,
): Promise<void> {
  // HF aborts the whole process (a Rust panic) when the stride is not below the length kept; ours throws, so such
  // inputs are checked on our side only.
  const inputs = allInputs.filter((input) => {
    try {
      ours.encode(input.first, { pair: input.pair });
      return true;
    } catch (error) {
      return !/stride/.test((error as Error).message);
    }
  });
  const expectedAll = await hfEncodeAll(hf, inputs);
  const decodeIds: number[][] = [];
  inputs.forEach((input, index) => {
    const expected = expectedAll[index]!;
    if (expected instanceof Error) {
      expect(() => ours.encode(input.first, { pair: input.pair }), JSON.stringify(input)).toThrow();
      return;
    }
    const actual = fromOurs(ours.encode(input.first, { pair: input.pair }));
    expect(actual, JSON.stringify(input)).toEqual(expected);
    decodeIds.push(actual.ids);
  });
  const [skipped, kept] = await Promise.all([hf.decodeBatch(decodeIds, true), hf.decodeBatch(decodeIds, false)]);
  decodeIds.forEach((ids, index) => {
    expect(ours.decode(ids)).toBe(skipped[index]);
    expect(ours.decode(ids, { skipSpecialTokens: false })).toBe(kept[index]);
  });
}

describe('bert-base-uncased WordPiece pipeline', () => {
  const hfJson = hfBertJson();
  const random = seededRandom(20261128);
  const singles = [...EDGE_CASES, ...brownSentences(1500), ...Array.from({ length: 2500 }, () => randomText(random))];

  it('loads HF’s tokenizer.json and encodes 4,000 sentences identically (ids, tokens, offsets, masks, word ids)', async () => {
    await compareAll(
      tk.Tokenizer.fromString(hfJson),
      Tokenizer.fromString(hfJson),
      singles.map((first) => ({ first })),
    );
  }, 120_000);

  it('writes a tokenizer.json that HF loads and that encodes identically', async () => {
    const ours = Tokenizer.fromString(hfJson);
    expect(JSON.parse(ours.toString())).toEqual(JSON.parse(hfJson));
    await compareAll(
      tk.Tokenizer.fromString(ours.toString()),
      ours,
      singles.slice(0, 800).map((first) => ({ first })),
    );
  }, 60_000);

  it.each(['LongestFirst', 'OnlyFirst', 'OnlySecond'])(
    'encodes pairs with %s truncation, stride and overflowing windows identically',
    async (strategy) => {
      const pairRandom = seededRandom(strategy.length);
      const sentences = brownSentences(400);
      // 15 truncation settings × 10 pairs (building a 30k-vocab tokenizer per setting is the slow part).
      for (let setting = 0; setting < 15; setting++) {
        const maxLength = 8 + Math.floor(pairRandom() * 30);
        const stride = Math.floor(pairRandom() * Math.min(4, maxLength - 4));
        const json = JSON.parse(hfJson);
        json.truncation = { direction: pairRandom() < 0.3 ? 'Left' : 'Right', max_length: maxLength, strategy, stride };
        const text = JSON.stringify(json);
        const pick = () => sentences[Math.floor(pairRandom() * sentences.length)]!;
        const inputs = Array.from({ length: 10 }, () => ({
          first: pick(),
          pair: pairRandom() < 0.3 ? randomText(pairRandom) : pick(),
        }));
        await compareAll(tk.Tokenizer.fromString(text), Tokenizer.fromString(text), inputs);
      }
    },
    60_000,
  );

  it.each([
    { type: 'BertProcessing', sep: ['[SEP]', 102], cls: ['[CLS]', 101] },
    {
      type: 'RobertaProcessing',
      sep: ['[SEP]', 102],
      cls: ['[CLS]', 101],
      trim_offsets: true,
      add_prefix_space: false,
    },
  ])('post-processes singles and pairs like HF with $type', async (postProcessor) => {
    const json = JSON.parse(hfJson);
    json.post_processor = postProcessor;
    json.truncation = { direction: 'Right', max_length: 24, strategy: 'LongestFirst', stride: 3 };
    const text = JSON.stringify(json);
    const sentences = brownSentences(60);
    const inputs = sentences.map((first, index) => (index % 2 ? { first } : { first, pair: sentences[index + 1]! }));
    await compareAll(tk.Tokenizer.fromString(text), Tokenizer.fromString(text), inputs);
  });

  it('splits out added tokens like HF: special, normalized, lstrip, rstrip, single-word', async () => {
    const hf = tk.Tokenizer.fromString(hfJson);
    hf.addAddedTokens([
      new tk.AddedToken('<ent>', true, { leftStrip: true, rightStrip: true }),
      new tk.AddedToken('Covid', false, { normalized: true }),
      new tk.AddedToken('ai', false, { singleWord: true }),
      new tk.AddedToken('[NEW]', true, { rightStrip: true, normalized: false }),
    ]);
    const path = join(workDir, 'hf-added.json');
    hf.save(path);
    const ours = Tokenizer.fromFile(path);
    const random = seededRandom(7);
    const pieces = [
      '<ent>',
      ' <ent> ',
      'covid',
      'COVID-19',
      'Covid',
      'ai',
      'said',
      'ai.',
      ' ai ',
      '[NEW]',
      '[NEW]  x',
      '[new]',
      '[MASK]',
      'word',
    ];
    const inputs = Array.from({ length: 400 }, () => ({
      first: Array.from(
        { length: 1 + Math.floor(random() * 8) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join(random() < 0.5 ? ' ' : ''),
    }));
    await compareAll(tk.Tokenizer.fromFile(path), ours, inputs);
    expect(ours.getVocabSize()).toBe(hf.getVocabSize(true));
  });

  it('pads batches like HF (to longest, fixed, multiple of, left)', async () => {
    const sentences = brownSentences(40);
    for (const padding of [
      { strategy: 'BatchLongest', direction: 'Right', pad_to_multiple_of: null },
      { strategy: { Fixed: 48 }, direction: 'Left', pad_to_multiple_of: null },
      { strategy: 'BatchLongest', direction: 'Right', pad_to_multiple_of: 8 },
    ]) {
      const json = JSON.parse(hfJson);
      json.padding = { ...padding, pad_id: 0, pad_type_id: 0, pad_token: '[PAD]' };
      const text = JSON.stringify(json);
      const hf = tk.Tokenizer.fromString(text);
      const expected = (await hf.encodeBatch(sentences)).map((encoding, index) =>
        fromHf(encoding, { first: sentences[index]! }),
      );
      expect(Tokenizer.fromString(text).encodeBatch(sentences).map(fromOurs)).toEqual(expected);
    }
  }, 60_000);
});

describe('GPT-2 byte-level BPE pipeline', () => {
  // The reference is assembled from HF's JSON and re-saved by HF; both sides load HF's file.
  const path = join(workDir, 'hf-gpt2.json');
  hfGpt2().save(path);
  const hf = tk.Tokenizer.fromFile(path);
  const ours = Tokenizer.fromFile(path);
  const random = seededRandom(2);
  const texts = [...EDGE_CASES, ...brownSentences(800), ...Array.from({ length: 1500 }, () => randomText(random))];

  it('gives GPT-2’s ids, tokens and offsets on 2,300 sentences', async () => {
    await compareAll(
      hf,
      ours,
      texts.map((first) => ({ first })),
    );
  }, 120_000);

  it('round-trips every text through encode and decode', () => {
    for (const text of texts) expect(ours.decode(ours.encode(text).ids)).toBe(text);
  });
});
