/**
 * Seeded random inputs for tests and benchmarks. Test-only: nothing in `src/index.ts` imports this folder, so it never
 * reaches the build.
 */

/** Mulberry32: a tiny seeded generator of floats in [0, 1). `seededRandom(1)()` is always 0.6270739405881613. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ASCII_WORDS = [
  'the',
  'The',
  'CAT',
  'sat',
  'on',
  'mat',
  "don't",
  "it's",
  "we'll",
  "I'm",
  "they're",
  'x1',
  '42',
  '3.14',
];
const PIECES: readonly string[] = [
  // accented Latin, precomposed and decomposed, marks in odd orders and stacks, marks with nothing before them
  'é',
  'É',
  'à',
  'ñ',
  'ü',
  'ç',
  'Å',
  'Ø',
  'ǖ',
  'ệ',
  'ậ',
  'e\u0301',
  'E\u0301',
  'a\u0308',
  'o\u0302\u0323',
  'o\u0323\u0302',
  'a\u0301\u0316\u0301',
  'e\u0301\u0301',
  '\u0301',
  '\u0323\u0302',
  'u\u0308\u0304',
  'A\u030a',
  '\u212b',
  '\u2126',
  'n\u0303\u0303',
  'ǅ',
  'ŉ',
  'ß',
  'ẞ',
  'Ǆ',
  'ﬁ',
  'ﬂ',
  'ﬀ',
  'Ⅻ',
  '①',
  '²',
  '½',
  'ℌ',
  '㎏',
  '™',
  // Greek with final sigma, Turkish, German, Vietnamese
  'ΟΔΥΣΣΕΥΣ',
  'Σ',
  'σς',
  'ΆΈΉ',
  'ΐ',
  'İstanbul',
  'ı',
  'İ',
  'Straße',
  'Cụ thể',
  // CJK, compatibility ideographs, extension B, kana, halfwidth kana (NFKC composes the voicing mark), Hangul
  '中文',
  '字',
  '豈',
  '\u{20000}',
  '\u{2a700}',
  '\u{2f800}',
  'カタカナ',
  'ｶﾞｷﾞ',
  'ﾊﾟ',
  '한국어',
  '\u1100\u1161\u11a8',
  '\u1100\u1161',
  // fullwidth forms
  'ＡＢＣ',
  '１２３',
  '！',
  '＄',
  // scripts with marks and tricky compositions
  'بِسْمِ',
  'שָׁלוֹם',
  'नमस्ते',
  'क़',
  'ภาษาไทย',
  'ำ',
  'ཱི',
  '\u0f73',
  '\u0344',
  '\u0f75',
  'ೋ',
  'ொ',
  'ো',
  '\u0b47\u0b3e',
  // emoji: plain, ZWJ sequences, skin tones, flags, keycaps, variation selectors
  '😀',
  '👩\u200d👩\u200d👧',
  '👍🏽',
  '🇫🇷',
  '1\ufe0f\u20e3',
  '❤\ufe0f',
  '🥰',
  '\u{1f9d1}\u200d\u{1f4bb}',
  // control and format characters, specials, private use
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\ufffd',
  '\u00ad',
  '\u2060',
  '\ue000',
  '\u0085',
  // digits and numbers of other scripts, mathematical letters
  '٣',
  '߀',
  '𝟘',
  '𝔾𝕠𝕠𝕕',
  'Ⅷ',
  '⅓',
  // punctuation beyond ASCII
  '¿',
  '¡',
  '«',
  '»',
  '—',
  '…',
  '、',
  '。',
  '「',
  '」',
  '‘',
  '’',
  '“',
  '”',
  '§',
  '¶',
  '•',
  '‰',
  // characters whose classes differ between Node's and HF's Unicode tables (see char-classes.ts)
  '\u0890',
  '\u08e2',
  '\u{110cd}',
  '\u{13430}',
  '\u07fd',
  '\u1ac0',
  '\u{1e944}',
  '\u1734',
  '\u1cf2',
  '\u166d',
  '\u2e43',
  '\u2e5d',
  '\u{11b60}',
  '\u{1e6c0}',
  '\u{16ff4}',
  '\u{105c9}',
  '\u{105d2}\u0307',
  '\u{11382}\u{113c9}',
  '\u32ff',
  '\u{1fbf0}',
  'a\u{1e2ae}\u0316',
  'x\u{1133b}\u0301',
];
const SPACES = [
  ' ',
  ' ',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\u00a0',
  '\u3000',
  '\u2028',
  '\u2029',
  '\u1680',
  '\u2003',
  '\u202f',
  '\u205f',
  '\u000b',
  '\u000c',
];
const ASCII_PUNCTUATION = [
  ',',
  '.',
  '!',
  '?',
  '-',
  '--',
  "'",
  '"',
  '(',
  ')',
  '$',
  '+',
  '<',
  '=',
  '>',
  '^',
  '`',
  '|',
  '~',
  '@',
  '#',
  '%',
  '&',
  '*',
  '/',
  ':',
  ';',
  '[',
  ']',
  '\\',
  '_',
  '{',
  '}',
];

/** A random string mixing ASCII words with everything above; sometimes empty, sometimes one very long word. */
export function randomText(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const roll = random();
  if (roll < 0.02) return '';
  if (roll < 0.04)
    return Array.from({ length: 200 + Math.floor(random() * 300) }, () => pick(['a', 'b', 'é', 'ü', 'x'])).join('');
  const parts: string[] = [];
  const count = 1 + Math.floor(random() * 14);
  for (let index = 0; index < count; index++) {
    const kind = random();
    if (kind < 0.3) parts.push(pick(ASCII_WORDS));
    else if (kind < 0.45) parts.push(pick(SPACES));
    else if (kind < 0.55) parts.push(pick(ASCII_PUNCTUATION));
    else parts.push(pick(PIECES));
    if (random() < 0.4) parts.push(' ');
  }
  return parts.join('');
}

const LETTERS = [
  ...'abcdefghijklmnopqrstuvwxyzéèüößçñ',
  ...'αβγδεζηθλμπρστφω', // Greek
  ...'абвгдежзиклмнопрст', // Cyrillic
  ...'日本語中文字漢', // CJK
  ...'한국어', // Hangul
  ...'ـًٌٍَُِّْ', // Arabic tatweel and combining marks
  ...'😀🎉𝔘𝔫𐍈', // astral: emoji, math letters, Gothic
  '\u0301', // combining acute
];

/** Random words of 1–12 characters drawn from `LETTERS`, some longer than 100 characters. */
export function randomWords(random: () => number, count: number): string[] {
  const pick = () => LETTERS[Math.floor(random() * LETTERS.length)] as string;
  const words: string[] = [];
  for (let index = 0; index < count; index++) {
    const length = index % 97 === 0 ? 95 + Math.floor(random() * 15) : 1 + Math.floor(random() * 12);
    let word = '';
    for (let char = 0; char < length; char++) word += pick();
    words.push(word);
  }
  return words;
}
