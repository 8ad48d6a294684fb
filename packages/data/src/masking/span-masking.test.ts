import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { createMasker } from './mask-instance';
import { expectedSpanLength, sampleSpanLength } from './span-length';

const CLS = 2;
const SEP = 3;
const MASK = 4;

describe('SpanBERT span lengths', () => {
  it("has the analytic mean of the geometric(0.2) restricted to 1…10 (3.797, the paper's 3.8)", () => {
    expect(expectedSpanLength(0.2, 10)).toBeCloseTo(3.797, 3);
    const rng = new Rng(8);
    const draws = 200_000;
    const counts = new Array<number>(12).fill(0);
    let sum = 0;
    for (let k = 0; k < draws; k++) {
      const length = sampleSpanLength(rng, 0.2, 10);
      counts[length] = (counts[length] ?? 0) + 1;
      sum += length;
    }
    expect(Math.abs(sum / draws - expectedSpanLength(0.2, 10)) / expectedSpanLength(0.2, 10)).toBeLessThan(0.01);
    expect(counts[11]).toBe(0);
    expect(counts[0]).toBe(0);
    const normalizer = 1 - 0.8 ** 10;
    for (const length of [1, 2, 5, 10]) {
      expect(Math.abs((counts[length] ?? 0) / draws - (0.2 * 0.8 ** (length - 1)) / normalizer)).toBeLessThan(0.005);
    }
  });
});

describe('span masking', () => {
  // 60 words, every third one of two pieces: [CLS] w w w … [SEP]
  const pieces: number[] = [];
  const starts: number[] = [];
  for (let word = 0; word < 60; word++) {
    const size = word % 3 === 0 ? 2 : 1;
    for (let piece = 0; piece < size; piece++) {
      pieces.push(100 + pieces.length);
      starts.push(piece === 0 ? 1 : 0);
    }
  }
  const ids = Int32Array.from([CLS, ...pieces, SEP]);
  const wordStarts = Uint8Array.from([1, ...starts, 1]);
  const special = Uint8Array.from(ids, (id) => (id === CLS || id === SEP ? 1 : 0));

  it('selects whole words up to the budget and decides [MASK]/random/keep per span', () => {
    const masker = createMasker({
      maskTokenId: MASK,
      vocabSize: 1000,
      maxPredictions: 40,
      spanMasking: true,
      specialTokenIds: [0, 1, 2, 3, 4],
    });
    const rng = new Rng(12);
    const budget = Math.round(ids.length * 0.15); // 82 tokens → 12
    let brokenWords = 0;
    let agreeing = 0;
    let adjacentPairs = 0;
    let runs = 0;
    let runTokens = 0;
    for (let k = 0; k < 3000; k++) {
      const masked = masker(ids, special, wordStarts, rng);
      const chosen = new Set(masked.maskedPositions);
      expect(chosen.size).toBeLessThanOrEqual(budget);
      expect(chosen.size).toBeGreaterThanOrEqual(budget - 1); // only a two-piece word can fail to fit
      expect(chosen.has(0) || chosen.has(ids.length - 1)).toBe(false);
      for (let position = 1; position < ids.length - 1; position++) {
        // whole words: a continuation piece is selected exactly when its word start is
        if (wordStarts[position] === 0 && chosen.has(position) !== chosen.has(position - 1)) brokenWords++;
        if (chosen.has(position) && chosen.has(position + 1)) {
          adjacentPairs++;
          const kind = (p: number) => (masked.inputIds[p] === MASK ? 0 : masked.inputIds[p] === ids[p] ? 2 : 1);
          if (kind(position) === kind(position + 1)) agreeing++;
        }
        if (chosen.has(position) && !chosen.has(position - 1)) runs++;
        if (chosen.has(position)) runTokens++;
      }
    }
    expect(brokenWords).toBe(0);
    // Per-token decisions would agree 0.8² + 0.1² + 0.1² = 66% of the time; per span, nearly always.
    expect(agreeing / adjacentPairs).toBeGreaterThan(0.9);
    // Spans are contiguous: selected tokens come in runs several tokens long (single-token masking: ~1.2).
    expect(runTokens / runs).toBeGreaterThan(3);
  });
});
