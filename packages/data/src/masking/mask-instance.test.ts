import { DataError } from '@bert/core';
import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { createMasker, maskInstance, predictionBudget } from './mask-instance';
import { resolveMaskingOptions } from './masking-options';

const PAD = 0;
const CLS = 2;
const SEP = 3;
const MASK = 4;
const SPECIALS = [0, 1, 2, 3, 4];
const V = 1000;

/** [CLS] A [SEP] B [SEP] then `pads` [PAD], ids ≥ 5, and its special mask. */
function pairSequence(aLength: number, bLength: number, pads = 0): { ids: Int32Array; special: Uint8Array } {
  const ids = [
    CLS,
    ...Array.from({ length: aLength }, (_, k) => 5 + k),
    SEP,
    ...Array.from({ length: bLength }, (_, k) => 500 + k),
    SEP,
  ];
  const special = ids.map((id) => (id === CLS || id === SEP ? 1 : 0));
  return {
    ids: Int32Array.from([...ids, ...new Array<number>(pads).fill(PAD)]),
    special: Uint8Array.from([...special, ...new Array<number>(pads).fill(1)]),
  };
}

describe('maskInstance (BERT 80/10/10)', () => {
  it('selects 15% of the tokens and splits them 80/10/10 over > 10^5 predictions', () => {
    const { ids, special } = pairSequence(62, 63); // length 128: budget round(19.2) = 19
    const masker = createMasker({ maskTokenId: MASK, vocabSize: V, maxPredictions: 20, specialTokenIds: SPECIALS });
    const rng = new Rng(2024);
    const sequences = 6000;
    let predictions = 0;
    let asMask = 0;
    let kept = 0;
    let random = 0;
    let randomSpecial = 0;
    let wrongLabel = 0;
    const perPosition = new Float64Array(ids.length);
    for (let k = 0; k < sequences; k++) {
      const masked = masker(ids, special, undefined, rng);
      predictions += masked.maskedPositions.length;
      masked.maskedPositions.forEach((position, slot) => {
        perPosition[position] = (perPosition[position] ?? 0) + 1;
        if (masked.maskedIds[slot] !== ids[position]) wrongLabel++;
        const now = masked.inputIds[position]!;
        if (now === MASK) asMask++;
        else if (now === ids[position]) kept++;
        else {
          random++;
          if (SPECIALS.includes(now) || now >= V) randomSpecial++;
        }
      });
    }
    expect(predictions).toBe(19 * sequences);
    expect(predictions).toBeGreaterThan(100_000);
    expect(Math.abs(predictions / (sequences * ids.length) - 0.15)).toBeLessThan(0.01);
    // A random draw equal to the original (1 in 995) counts as kept.
    expect(Math.abs(asMask / predictions - 0.8)).toBeLessThan(0.01);
    expect(Math.abs(kept / predictions - 0.1)).toBeLessThan(0.01);
    expect(Math.abs(random / predictions - 0.1)).toBeLessThan(0.01);
    expect(randomSpecial).toBe(0);
    expect(wrongLabel).toBe(0);
    // Every candidate equally likely (19 of 125); specials never.
    for (let position = 0; position < ids.length; position++) {
      const rate = (perPosition[position] ?? 0) / sequences;
      if (special[position] === 1) expect(rate).toBe(0);
      else expect(Math.abs(rate - 19 / 125)).toBeLessThan(0.03);
    }
  });

  it('never selects special or padding positions and counts only real tokens in the length', () => {
    const { ids, special } = pairSequence(50, 47, 28); // 100 real tokens, 28 pads
    const padsNotFlagged = Uint8Array.from(special, (flag, position) => (position < 100 ? flag : 0));
    const rng = new Rng(9);
    const counts = new Set<number>();
    let forbidden = 0;
    let padsChanged = 0;
    for (let k = 0; k < 2000; k++) {
      const masked = maskInstance(ids, padsNotFlagged, {
        maskTokenId: MASK,
        vocabSize: V,
        maxPredictions: 40,
        padTokenId: PAD,
        rng,
      });
      counts.add(masked.maskedPositions.length);
      for (const position of masked.maskedPositions) if (ids[position] === PAD || special[position] === 1) forbidden++;
      for (let position = 100; position < ids.length; position++) if (masked.inputIds[position] !== PAD) padsChanged++;
    }
    expect([...counts]).toEqual([15]); // round(100 × 0.15): the 28 pads are not in the length
    expect(forbidden).toBe(0);
    expect(padsChanged).toBe(0);
  });

  it('respects maxPredictions and returns positions in ascending order', () => {
    const { ids, special } = pairSequence(200, 200);
    const masked = maskInstance(ids, special, { maskTokenId: MASK, vocabSize: V, maxPredictions: 5, rng: new Rng(1) });
    expect(masked.maskedPositions.length).toBe(5);
    expect([...masked.maskedPositions]).toEqual([...masked.maskedPositions].sort((a, b) => a - b));
  });

  it('computes the budget as min(P, max(1, round(len × p))) with Python rounding', () => {
    const config = resolveMaskingOptions({ maskTokenId: MASK, vocabSize: V, maxPredictions: 20 });
    expect(predictionBudget(30, config)).toBe(4); // 4.5 → 4 (half to even), as Python's round
    expect(predictionBudget(10, config)).toBe(2); // 1.5 → 2
    expect(predictionBudget(3, config)).toBe(1); // never 0
    expect(predictionBudget(512, config)).toBe(20); // capped by maxPredictions
  });

  it('honours other replaceRatios: all [MASK], or all kept', () => {
    const { ids, special } = pairSequence(20, 20);
    const allMask = maskInstance(ids, special, {
      maskTokenId: MASK,
      vocabSize: V,
      maxPredictions: 20,
      replaceRatios: [1, 0, 0],
      rng: new Rng(1),
    });
    expect([...allMask.maskedPositions].every((position) => allMask.inputIds[position] === MASK)).toBe(true);
    const allKept = maskInstance(ids, special, {
      maskTokenId: MASK,
      vocabSize: V,
      maxPredictions: 20,
      replaceRatios: [0, 0, 1],
      rng: new Rng(1),
    });
    expect([...allKept.inputIds]).toEqual([...ids]);
    expect(allKept.maskedPositions.length).toBe(6);
  });
});

describe('whole-word masking', () => {
  // [CLS] un ##believ ##able story [SEP] re ##write it [SEP] → words {1,2,3} {4} {6,7} {8}
  const ids = Int32Array.from([CLS, 10, 11, 12, 13, SEP, 14, 15, 16, SEP]);
  const special = Uint8Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  const wordStarts = Uint8Array.from([1, 1, 0, 0, 1, 1, 1, 0, 1, 1]);
  const words = [[1, 2, 3], [4], [6, 7], [8]];

  it('masks every piece of a word or none, and never glues words across [SEP]', () => {
    const rng = new Rng(4);
    const seen = new Set<string>();
    let split = 0;
    let overBudget = 0;
    for (let k = 0; k < 3000; k++) {
      const masked = maskInstance(ids, special, {
        maskTokenId: MASK,
        vocabSize: V,
        maxPredictions: 10,
        mlmProbability: 0.4,
        wholeWordMask: true,
        wordStarts,
        rng,
      });
      const chosen = new Set(masked.maskedPositions);
      for (const word of words) {
        const count = word.filter((position) => chosen.has(position)).length;
        if (count !== 0 && count !== word.length) split++;
      }
      if (chosen.size > 4) overBudget++; // budget round(10 × 0.4) = 4, a word that would overflow is skipped
      seen.add([...chosen].join(','));
    }
    expect(split).toBe(0);
    expect(overBudget).toBe(0);
    // the three-piece word and one single-piece word fill the 4; {6,7} cannot join {1,2,3}
    expect(seen.has('1,2,3,4') && seen.has('1,2,3,8') && seen.has('4,6,7,8')).toBe(true);
    expect([...seen].some((key) => key.includes('1,2,3') && key.includes('6'))).toBe(false);
    expect([...seen].some((key) => /\b(0|5|9)\b/.test(key))).toBe(false);
  });

  it('needs word starts', () => {
    expect(() =>
      maskInstance(ids, special, {
        maskTokenId: MASK,
        vocabSize: V,
        maxPredictions: 10,
        wholeWordMask: true,
        rng: new Rng(1),
      }),
    ).toThrow('wordStarts: whole-word and span masking need one flag per token, expected length 10, got none');
  });
});

describe('option validation', () => {
  it('rejects bad options with the value quoted', () => {
    const base = { maskTokenId: MASK, vocabSize: V, maxPredictions: 20 };
    expect(() => resolveMaskingOptions({ ...base, replaceRatios: [0.8, 0.1, 0.2] })).toThrow(
      'replaceRatios ([0.8,0.1,0.2]) must be 3 non-negative numbers summing to 1',
    );
    expect(() => resolveMaskingOptions({ ...base, mlmProbability: 0 })).toThrow('mlmProbability (0) must be in (0, 1]');
    expect(() => resolveMaskingOptions({ ...base, maxPredictions: 0 })).toThrow(
      'maxPredictions (0) must be an integer ≥ 1',
    );
    expect(() => resolveMaskingOptions({ ...base, maskTokenId: 1000 })).toThrow(
      'maskTokenId (1000) must be < vocabSize (1000)',
    );
    expect(() => resolveMaskingOptions({ ...base, spanMasking: { maxSpan: 0 } })).toThrow(DataError);
  });
});
