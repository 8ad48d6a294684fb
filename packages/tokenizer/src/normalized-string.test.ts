import { describe, expect, it } from 'vitest';
import { NormalizedString, type SplitDelimiterBehavior } from './normalized-string';

// Hand-derived examples, most after the unit tests of HF's normalizer.rs (there in UTF-8 bytes, here in UTF-16).
const isWhitespace = (char: string) => /\s/u.test(char);
const isMark = (char: string) => /\p{Mn}/u.test(char);

describe('NormalizedString alignments', () => {
  it('starts as the identity, surrogate pairs spanning both units', () => {
    const text = new NormalizedString('a😀b');
    expect(text.getAlignments()).toEqual([
      [0, 1],
      [1, 3],
      [1, 3],
      [3, 4],
    ]);
    expect(text.offsetsOriginal()).toEqual([0, 4]);
  });

  it('aligns characters added by NFD to the character they come from', () => {
    const text = new NormalizedString('élégant');
    text.nfd();
    expect(text.normalized).toBe('e\u0301le\u0301gant');
    expect(text.getAlignments()).toEqual([
      [0, 1],
      [0, 1],
      [1, 2],
      [2, 3],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 6],
      [6, 7],
    ]);
  });

  it('keeps the spans of what a filter keeps', () => {
    const decomposed = new NormalizedString('élégant');
    decomposed.nfd();
    decomposed.filter((char) => !isMark(char));
    expect(decomposed.normalized).toBe('elegant');
    expect(decomposed.getAlignments()).toEqual([0, 1, 2, 3, 4, 5, 6].map((index) => [index, index + 1]));

    const removed = new NormalizedString('élégant');
    removed.filter((char) => char !== 'n');
    expect(removed.normalized).toBe('élégat');
    expect(removed.getAlignments()).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [6, 7],
    ]);
  });

  it('converts normalized ranges back to the original', () => {
    const text = new NormalizedString('    __Hello__   ');
    text.filter((char) => !isWhitespace(char));
    text.lowercase();
    expect(text.normalized).toBe('__hello__');
    expect(text.convertOffsets([2, 7])).toEqual([6, 11]);
    expect(text.convertOffsets([0, 0])).toEqual([0, 0]); // empty ranges come back unchanged, as in HF
    expect(text.convertOffsets([3, 3])).toEqual([3, 3]);
    expect(text.convertOffsets([9, 10])).toBeUndefined();
    expect(text.convertOffsets([5, 2])).toBeUndefined();

    const world = new NormalizedString('Hello_______ World!');
    world.filter((char) => char !== '_');
    world.lowercase();
    expect(world.normalized.slice(6, 11)).toBe('world');
    expect(world.convertOffsets([6, 11])).toEqual([13, 18]);
  });

  it('finds the original of text after removals at the edges', () => {
    const start = new NormalizedString('     Hello');
    start.filter((char) => !isWhitespace(char));
    expect(start.convertOffsets([1, 5])).toEqual([6, 10]); // "ello"
    expect(start.convertOffsets([0, 5])).toEqual([5, 10]);
    const end = new NormalizedString('Hello    ');
    end.filter((char) => !isWhitespace(char));
    expect(end.convertOffsets([0, 4])).toEqual([0, 4]);
  });
});

describe('NormalizedString.transform', () => {
  it('aligns insertions to the character before them, or to nothing at the start', () => {
    const text = new NormalizedString('Hello');
    text.transform(
      [
        [' ', 1],
        ['H', 0],
        ['e', 0],
        ['l', 0],
        ['l', 0],
        ['o', 0],
        [' ', 1],
      ],
      0,
    );
    expect(text.normalized).toBe(' Hello ');
    expect(text.getAlignments()[0]).toEqual([0, 0]);
    expect(text.getAlignments()[6]).toEqual([4, 5]);
    expect(text.convertOffsets([1, 6])).toEqual([0, 5]);
  });

  it('pads CJK characters the way BERT does', () => {
    const text = new NormalizedString('野口 No');
    const changes: Array<[string, number]> = [];
    for (const char of text.normalized) {
      if (char.codePointAt(0)! > 0x4e00) changes.push([' ', 0], [char, 1], [' ', 1]);
      else changes.push([char, 0]);
    }
    text.transform(changes, 0);
    expect(text.normalized).toBe(' 野  口  No');
    expect(text.getAlignments()).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
      [1, 2],
      [1, 2],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
    ]);
  });

  it('removes at the beginning with the initial offset and in the middle with negative changes', () => {
    const start = new NormalizedString('Hello friend');
    start.transformRange([0, 4], [['Y', 0]], 3);
    expect(start.normalized).toBe('Yo friend');
    expect(start.getAlignments()).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11].map((index) => [index, index + 1]));

    const middle = new NormalizedString('Hello friend');
    middle.transformRange(
      [3, 10],
      [
        ['_', 0],
        ['F', 0],
        ['R', -2],
      ],
      2,
    );
    expect(middle.normalized).toBe('Hel_FRnd');
    expect(middle.getAlignments()).toEqual([0, 1, 2, 5, 6, 7, 10, 11].map((index) => [index, index + 1]));
  });

  it('composes with NFC as HF does: the composite keeps the span of its base only', () => {
    const text = new NormalizedString('e\u0301 x');
    text.nfc();
    expect(text.normalized).toBe('é x');
    expect(text.getAlignments()).toEqual([
      [0, 1],
      [2, 3],
      [3, 4],
    ]);
  });
});

describe('NormalizedString edits', () => {
  it('lowercases character by character, like Rust', () => {
    const greek = new NormalizedString('ΟΔΥΣΣΕΥΣ');
    greek.lowercase();
    expect(greek.normalized).toBe('οδυσσευσ'); // no final ς
    const turkish = new NormalizedString('İx');
    turkish.lowercase();
    expect(turkish.normalized).toBe('i\u0307x');
    expect(turkish.getAlignments()).toEqual([
      [0, 1],
      [0, 1],
      [1, 2],
    ]);
    const german = new NormalizedString('ß!');
    german.uppercase();
    expect(german.normalized).toBe('SS!');
    expect(german.convertOffsets([0, 2])).toEqual([0, 1]);
  });

  it('replaces strings and regexes, the new text spanning the last replaced character', () => {
    const replace = (text: string, pattern: string | RegExp, content: string) => {
      const normalized = new NormalizedString(text);
      normalized.replace(pattern, content);
      return normalized;
    };
    expect(replace(' Hello   friend ', ' ', '_').normalized).toBe('_Hello___friend_');
    expect(replace('aaaab', 'a', 'b').normalized).toBe('bbbbb');
    expect(replace('aaaab', 'aaa', 'b').normalized).toBe('bab');
    expect(replace(' Hello   friend ', /\s+/u, '_').normalized).toBe('_Hello_friend_');
    expect(replace('ab cd', 'ab', 'X').getAlignments()[0]).toEqual([1, 2]);
    // An empty match right after a match is skipped, as oniguruma's find_iter does.
    expect(replace('abxxc', /x*/u, '-').normalized).toBe('-a-b-c-');
  });

  it('prepends and appends, aligned to the first and last character', () => {
    const prepended = new NormalizedString('there');
    prepended.prepend('Hey ');
    expect(prepended.normalized).toBe('Hey there');
    expect(prepended.getAlignments().slice(0, 6)).toEqual(
      Array(5)
        .fill([0, 1])
        .concat([[1, 2]]),
    );
    expect(prepended.convertOffsets([0, 4])).toEqual([0, 1]);

    const appended = new NormalizedString('Hey');
    appended.append(' there');
    expect(appended.normalized).toBe('Hey there');
    expect(appended.convertOffsets([3, 9])).toEqual([2, 3]);
  });

  it('strips whitespace on either side', () => {
    const strip = (method: 'lstrip' | 'rstrip' | 'strip') => {
      const text = new NormalizedString('  This is an example  ');
      text[method]();
      return [text.normalized, text.convertOffsets([0, text.length])];
    };
    expect(strip('lstrip')).toEqual(['This is an example  ', [2, 22]]);
    expect(strip('rstrip')).toEqual(['  This is an example', [0, 20]]);
    expect(strip('strip')).toEqual(['This is an example', [2, 20]]);
    const blank = new NormalizedString(' \u3000\n');
    blank.strip();
    expect(blank.isEmpty()).toBe(true);
  });

  it('leaves empty strings empty', () => {
    const text = new NormalizedString('');
    text.lowercase();
    text.nfkc();
    text.prepend('▁');
    text.append('x');
    text.filter(() => false);
    text.replace('a', 'b');
    text.strip();
    expect([text.normalized, text.isEmpty(), text.offsetsOriginal(), text.convertOffsets([0, 0])]).toEqual([
      '',
      true,
      [0, 0],
      [0, 0],
    ]);
    expect(text.split(' ', 'Isolated').map((piece) => piece.normalized)).toEqual(['']);
  });
});

describe('NormalizedString.slice and split', () => {
  it('slices keep their alignment to the matching part of the original', () => {
    const fancy = new NormalizedString('𝔾𝕠𝕠𝕕 𝕞𝕠𝕣𝕟𝕚𝕟𝕘');
    expect(fancy.slice([1, 3])).toBeUndefined(); // cuts a surrogate pair
    fancy.nfkc();
    expect(fancy.normalized).toBe('Good morning');
    const good = fancy.slice([0, 4])!;
    expect([good.normalized, good.original, good.offsetsOriginal()]).toEqual(['Good', '𝔾𝕠𝕠𝕕', [0, 8]]);
    const morning = fancy.slice([5, 12])!;
    expect([morning.original, morning.offsetsOriginal(), morning.convertOffsets([1, 2])]).toEqual([
      '𝕞𝕠𝕣𝕟𝕚𝕟𝕘',
      [9, 23],
      [2, 4],
    ]);

    const stripped = new NormalizedString('   Good Morning!   ');
    stripped.strip();
    const whole = stripped.slice([0, stripped.length])!;
    expect(whole.convertOffsets([0, 4])).toEqual([0, 4]);
    expect(whole.original.slice(...whole.convertOffsets([0, 4])!)).toBe('Good');
    expect(whole.offsetsOriginal()).toEqual([3, 16]);
    expect(stripped.slice([0, 20])).toBeUndefined();
  });

  const cases: Array<[SplitDelimiterBehavior, string[]]> = [
    ['Removed', ['The', 'final', 'countdown']],
    ['Isolated', ['The', '-', 'final', '-', '-', 'countdown']],
    ['MergedWithPrevious', ['The-', 'final-', '-', 'countdown']],
    ['MergedWithNext', ['The', '-final', '-', '-countdown']],
    ['Contiguous', ['The', '-', 'final', '--', 'countdown']],
  ];
  it.each(cases)('splits "The-final--countdown" on "-" with %s', (behavior, expected) => {
    const text = new NormalizedString('The-final--countdown');
    const pieces = text.split('-', behavior);
    expect(pieces.map((piece) => piece.normalized)).toEqual(expected);
    for (const piece of pieces) {
      const [start, end] = piece.offsetsOriginal();
      expect(text.original.slice(start, end)).toBe(piece.normalized);
    }
  });

  it('splits on regexes and code point tests, inverted or not', () => {
    const text = new NormalizedString('Hey, man!');
    expect(text.split(/\w+|[^\w\s]+/u, 'Removed', true).map((piece) => piece.normalized)).toEqual([
      'Hey',
      ',',
      'man',
      '!',
    ]);
    expect(text.split((char) => char === ',' || char === ' ', 'Removed').map((piece) => piece.normalized)).toEqual([
      'Hey',
      'man!',
    ]);
    expect(text.split('', 'Removed').map((piece) => piece.normalized)).toEqual(['Hey, man!']);
  });

  it('gives offsets in the full input for slices of slices', () => {
    const text = new NormalizedString('ÀB  Cé');
    text.nfd();
    text.lowercase();
    const [first, second] = text.split(' ', 'Removed');
    expect([first!.normalized, first!.offsetsOriginal()]).toEqual(['a\u0300b', [0, 2]]);
    expect([second!.normalized, second!.offsetsOriginal()]).toEqual(['ce\u0301', [4, 6]]);
    const accent = second!.slice([2, 3])!;
    expect([accent.offsetsOriginal(), accent.original]).toEqual([[5, 6], 'é']);
  });
});
