import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tk from 'tokenizers';
import { afterAll, describe, expect, it } from 'vitest';
import { TokenizerError } from './errors';
import { courseTokenizer, createTrainingPipeline, finishBertPipeline, fromVocabFile } from './pipelines';
import { bertVocabLines } from './test-support/reference-data';
import { Tokenizer } from './tokenizer';

const workDir = mkdtempSync(join(tmpdir(), 'bert-pipelines-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

// The course's six-line text, verbatim.
const COURSE_TEXT =
  'Hello, how are you? I am Romeo.\n' +
  'Hello, Romeo My name is Juliet. Nice to meet you.\n' +
  'Nice meet you too. How are you today?\n' +
  'Great. My baseball team won the competition.\n' +
  'Oh Congratulations, Juliet\n' +
  'Thanks you Romeo';

describe('courseTokenizer', () => {
  const tokenizer = courseTokenizer(COURSE_TEXT);

  it('has the course vocabulary: [PAD]=0 [CLS]=1 [SEP]=2 [MASK]=3, then the words', () => {
    const vocab = tokenizer.getVocab();
    expect([0, 1, 2, 3].map((id) => tokenizer.idToToken(id))).toEqual(['[PAD]', '[CLS]', '[SEP]', '[MASK]']);
    // The course's `re.sub("[.,!?\\-]", '', text.lower()).split()` words, derived by hand: 25 distinct.
    const words = [...vocab.keys()].filter((token) => !token.startsWith('['));
    expect(words.slice(0, 8)).toEqual(['hello', 'how', 'are', 'you', 'i', 'am', 'romeo', 'my']);
    expect(words).toHaveLength(25);
    expect(vocab.size).toBe(29);
  });

  it('encodes a pair the way the course builds its batches', () => {
    const encoding = tokenizer.encode('Hello, how are you? I am Romeo.', { pair: 'Thanks you Romeo' });
    expect(encoding.tokens).toEqual([
      '[CLS]',
      'hello',
      'how',
      'are',
      'you',
      'i',
      'am',
      'romeo',
      '[SEP]',
      'thanks',
      'you',
      'romeo',
      '[SEP]',
    ]);
    expect(encoding.typeIds).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('matches HF tokenizers running the same pipeline from our tokenizer.json', async () => {
    const hf = tk.Tokenizer.fromString(tokenizer.toString());
    for (const line of COURSE_TEXT.split('\n')) {
      const hfEncoding = await hf.encode(line);
      const ours = tokenizer.encode(line);
      expect(ours.ids).toEqual(hfEncoding.getIds());
      expect(ours.offsets).toEqual(hfEncoding.getOffsets());
    }
  });

  it('names the word when the text has one outside the course vocabulary', () => {
    expect(() => tokenizer.encode('hello stranger')).toThrow(TokenizerError);
    expect(() => tokenizer.encode('hello stranger')).toThrow(/stranger/);
  });
});

describe('fromVocabFile', () => {
  const writeVocab = (name: string, content: string | Uint8Array) => {
    const path = join(workDir, name);
    writeFileSync(path, content);
    return path;
  };

  it('loads bert-base-uncased vocab.txt as the full BERT pipeline', () => {
    const tokenizer = fromVocabFile(writeVocab('vocab.txt', `${bertVocabLines().join('\n')}\n`), { lowercase: true });
    const encoding = tokenizer.encode('Hello, World! [MASK] unaffable');
    expect(encoding.tokens).toEqual(['[CLS]', 'hello', ',', 'world', '!', '[MASK]', 'una', '##ffa', '##ble', '[SEP]']);
    expect(encoding.ids).toEqual([101, 7592, 1010, 2088, 999, 103, 14477, 20961, 3468, 102]);
  });

  it.each([
    ['no-unk.txt', '[PAD]\n[CLS]\n[SEP]\nhello\n', /no-unk\.txt: .*\[UNK\]/],
    [
      'duplicates.txt',
      '[PAD]\n[UNK]\nhello\nworld\nhello\n',
      /duplicates\.txt: token "hello" on line 5 repeats line 3/,
    ],
    ['empty.txt', '', /empty\.txt: .*empty/],
  ])('rejects a bad vocab.txt (%s) in one line naming the file', (name, content, message) => {
    const path = writeVocab(name, content);
    let error: unknown;
    try {
      fromVocabFile(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TokenizerError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('rejects a non-UTF-8 vocab.txt, naming the file', () => {
    const path = writeVocab(
      'latin1.txt',
      Uint8Array.from([0x5b, 0x55, 0x4e, 0x4b, 0x5d, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]),
    );
    expect(() => fromVocabFile(path)).toThrow(/latin1\.txt: .*UTF-8/);
  });
});

describe('createTrainingPipeline', () => {
  const lines = Array.from({ length: 50 }, (_, index) => `low lower lowest newer wider ${index % 5} new`);

  it.each(['bpe', 'wordpiece', 'wordlevel'] as const)(
    'trains a BERT-style %s tokenizer with the five special tokens first',
    (model) => {
      const { tokenizer, trainer } = createTrainingPipeline({ model, vocabSize: 60, minFrequency: 1 });
      tokenizer.train(trainer, lines);
      finishBertPipeline(tokenizer);
      expect([0, 1, 2, 3, 4].map((id) => tokenizer.idToToken(id))).toEqual([
        '[PAD]',
        '[UNK]',
        '[CLS]',
        '[SEP]',
        '[MASK]',
      ]);
      const encoding = tokenizer.encode('Lowest newer [MASK] zebra');
      expect(encoding.tokens[0]).toBe('[CLS]');
      expect(encoding.tokens).toContain('[MASK]');
      expect(encoding.tokens).toContain('[UNK]');
      // Saved and reloaded (ours and HF's) it encodes the same.
      const reloaded = Tokenizer.fromString(tokenizer.toString());
      expect(reloaded.encode('lower wider').ids).toEqual(tokenizer.encode('lower wider').ids);
    },
  );

  it('refuses to train on an empty corpus', () => {
    const { tokenizer, trainer } = createTrainingPipeline({ model: 'bpe' });
    expect(() => tokenizer.train(trainer, ['', '  \n'])).toThrow('empty training corpus');
  });
});
