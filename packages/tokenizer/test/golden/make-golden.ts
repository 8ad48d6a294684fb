// Regenerates the golden tables from HF `tokenizers` (the Rust reference, npm binding), not from our code:
//   npx vite-node test/golden/make-golden.ts
// Each table lists {text, tokens, ids, decoded} for bert-base-uncased WordPiece and GPT-2 byte-level BPE.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import tk, { type Tokenizer as HfTokenizer } from 'tokenizers';
import { hfGpt2 } from '../../src/test-support/hf-reference';
import { bertVocab } from '../../src/test-support/reference-data';

const GOLDEN_TEXTS = [
  'Hello, world!',
  'The quick brown fox jumps over the lazy dog.',
  "I can't believe it's already 2026 — isn't it?",
  'Unaffable tokenization of antidisestablishmentarianism.',
  'naïve café, résumé, Ångström, Straße',
  'e\u0301 vs é (decomposed vs precomposed)',
  '東京は日本の首都です。',
  '서울에서 만나요',
  'Emoji: 😀👍🏽👩‍👩‍👧 🇫🇷',
  'Control\u0000chars\u0007and\ufffdreplacement',
  'Tabs\tand\nnewlines\r\nand\u00a0nbsp',
  '',
  '   ',
  'the [MASK] sat on the mat',
  '[CLS] already has specials [SEP]',
  'ΟΔΥΣΣΕΥΣ and İstanbul',
  'ﬁne ligatures and ＦＵＬＬＷＩＤＴＨ',
  'supercalifragilisticexpialidocious'.repeat(4),
  'Numbers: 3.14159, 1,000,000 and -42',
  'Email me at someone@example.com or visit https://huggingface.co/docs.',
];

const bert = new tk.Tokenizer(tk.WordPiece.init(bertVocab(), { unkToken: '[UNK]' }));
bert.setNormalizer(tk.bertNormalizer({ lowercase: true }));
bert.setPreTokenizer(tk.bertPreTokenizer());
bert.setPostProcessor(tk.bertProcessing(['[SEP]', 102], ['[CLS]', 101]));
bert.setDecoder(tk.wordPieceDecoder());
bert.addSpecialTokens(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);

async function table(tokenizer: HfTokenizer) {
  const rows = [];
  for (const text of GOLDEN_TEXTS) {
    const encoding = await tokenizer.encode(text);
    const decoded = await tokenizer.decode(encoding.getIds(), true);
    rows.push({ text, tokens: encoding.getTokens(), ids: encoding.getIds(), decoded });
  }
  return rows;
}

// One row per line, so the files read as tables.
const format = (rows: unknown[]) => `[\n${rows.map((row) => JSON.stringify(row)).join(',\n')}\n]\n`;
writeFileSync(join(import.meta.dirname, 'bert-base-uncased.json'), format(await table(bert)));
writeFileSync(join(import.meta.dirname, 'gpt2.json'), format(await table(hfGpt2())));
console.log('wrote bert-base-uncased.json and gpt2.json');
