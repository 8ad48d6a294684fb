import { DataError } from '@bert/core';
import { courseTokenizer } from '@bert/tokenizer';
import { describe, expect, it } from 'vitest';
import { COURSE_TEXT, courseSentences } from '../corpus/course-text';
import { Rng } from '../random';
import { ScriptedRng } from '../test-support/scripted-rng';
import { tokenizeSentence } from '../tokenize/tokenize-documents';
import { courseBatch } from './course-batch';

const tokenizer = courseTokenizer(COURSE_TEXT);
const lines = courseSentences().map((line) => tokenizeSentence(line, tokenizer).ids);
const special = { cls: 1, sep: 2, mask: 3, pad: 0, vocabSize: tokenizer.getVocabSize() };
const options = { batchSize: 6, maxLength: 30, maxPredictions: 5, specialTokens: special };
const row = (values: ArrayLike<number>, index: number, width: number) =>
  Array.from(values).slice(index * width, (index + 1) * width);

describe('courseBatch', () => {
  it('reads the course text as six lines and its 29-token whitespace vocabulary', () => {
    expect(lines.map((ids) => tokenizer.decode([...ids]))).toEqual([
      'hello how are you i am romeo',
      'hello romeo my name is juliet nice to meet you',
      'nice meet you too how are you today',
      'great my baseball team won the competition',
      'oh congratulations juliet',
      'thanks you romeo',
    ]);
    expect(special.vocabSize).toBe(29);
  });

  it('holds 3 isNext pairs (b = a + 1) and 3 others, each [CLS] A [SEP] B [SEP] padded to 30', () => {
    const { batch, examples } = courseBatch(lines, { ...options, rng: new Rng(7) });
    expect([batch.batchSize, batch.seqLength, batch.maxPredictions]).toEqual([6, 30, 5]);
    expect(examples.filter((example) => example.isNext)).toHaveLength(3);
    examples.forEach((example, index) => {
      const { sentenceA: a, sentenceB: b } = example;
      expect(example.isNext).toBe(a + 1 === b);
      expect(batch.nextSentenceLabel[index]).toBe(example.isNext ? 0 : 1);
      const unmasked = Array.from(example.inputIds);
      example.maskedPositions.forEach((position, slot) => {
        unmasked[position] = example.maskedIds[slot] as number;
      });
      const A = [...(lines[a] as Int32Array)];
      const B = [...(lines[b] as Int32Array)];
      expect(unmasked).toEqual([1, ...A, 2, ...B, 2]);
      const length = A.length + B.length + 3;
      expect(row(batch.inputIds, index, 30)).toEqual([...example.inputIds, ...new Array(30 - length).fill(0)]);
      expect(row(batch.attentionMask, index, 30)).toEqual([
        ...new Array(length).fill(1),
        ...new Array(30 - length).fill(0),
      ]);
      expect(row(batch.tokenTypeIds, index, 30)).toEqual([
        ...new Array(A.length + 2).fill(0),
        ...new Array(B.length + 1).fill(1),
        ...new Array(30 - length).fill(0),
      ]);
    });
  });

  it('masks min(5, max(1, round(0.15 · length))) non-special positions; unused slots have weight 0', () => {
    // Python's min(5, max(1, int(round(n * 0.15)))) for the lengths a pair of course lines can have.
    const budget: Record<number, number> = { 9: 1, 10: 2, 16: 2, 17: 3, 21: 3, 23: 3 };
    const seen = new Set<number>();
    for (let seed = 0; seed < 30; seed++) {
      const { batch, examples } = courseBatch(lines, { ...options, rng: new Rng(seed) });
      examples.forEach((example, index) => {
        const length = example.inputIds.length;
        const expected = length < 10 ? 1 : length < 17 ? 2 : 3;
        if (budget[length] !== undefined) expect(expected).toBe(budget[length]);
        seen.add(expected);
        expect(example.maskedPositions.length).toBe(expected);
        for (const position of example.maskedPositions) {
          expect(position).toBeGreaterThan(0);
          expect(position).toBeLessThan(length - 1);
        }
        expect(new Set(example.maskedPositions).size).toBe(expected);
        const weights = row(batch.maskedWeights, index, 5);
        expect(weights).toEqual([...new Array(expected).fill(1), ...new Array(5 - expected).fill(0)]);
        expect(row(batch.maskedPositions, index, 5)).toEqual([
          ...example.maskedPositions,
          ...new Array(5 - expected).fill(0),
        ]);
        expect(row(batch.maskedIds, index, 5)).toEqual([...example.maskedIds, ...new Array(5 - expected).fill(0)]);
        // Never [CLS] or [SEP]: the original ids at the masked positions are words.
        for (const id of example.maskedIds) expect(id).toBeGreaterThanOrEqual(4);
      });
    }
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it('replaces 80% by [MASK], 10% by a random id of the whole vocabulary, keeps 10%', () => {
    let masked = 0;
    let kept = 0;
    let total = 0;
    const rng = new Rng(3);
    for (let draw = 0; draw < 400; draw++) {
      for (const example of courseBatch(lines, { ...options, rng }).examples) {
        example.maskedPositions.forEach((position, slot) => {
          const id = example.inputIds[position];
          total++;
          if (id === 3) masked++;
          else if (id === example.maskedIds[slot]) kept++;
        });
      }
    }
    expect(masked / total).toBeCloseTo(0.8, 1);
    // A random draw equal to the original also counts as kept: 10% + 10% / 29.
    expect(kept / total).toBeCloseTo(0.1 + 0.1 / 29, 1);
  });

  it('follows the course draw by draw: masks each drawn pair, then drops it if its kind is full', () => {
    const two = [Int32Array.of(10, 11), Int32Array.of(12)];
    const pick = (a: number, b: number) => [['int', 2, a] as const, ['int', 2, b] as const];
    // Fisher–Yates over n candidates with draws that swap nothing, then the replacement draws.
    const maskFirst = (
      n: number,
      ...replacement: Array<readonly ['next', number] | readonly ['int', number, number]>
    ) => [...Array.from({ length: n - 1 }, (_, k) => ['int', n - k, n - k - 1] as const), ...replacement];
    // Each row has 5 or 6 tokens → round(0.75) = round(0.9) = 1 prediction, at the first candidate (position 1).
    const rng = new ScriptedRng([
      ...pick(0, 1), //                                                   isNext: taken
      ...maskFirst(3, ['next', 0.9], ['next', 0.7]), //                   kept
      ...pick(0, 1), //                                                   isNext again: the half is full, dropped
      ...maskFirst(3, ['next', 0.1]), //                                  …but masked first, as in the course
      ...pick(1, 0), //                                                   not next: taken
      ...maskFirst(3, ['next', 0.9], ['next', 0.2], ['int', 13, 7]), //  random id 7
    ]);
    const { examples } = courseBatch(two, {
      batchSize: 2,
      maxLength: 8,
      maxPredictions: 5,
      specialTokens: { cls: 1, sep: 2, mask: 3, pad: 0, vocabSize: 13 },
      rng,
    });
    expect(rng.remaining).toBe(0);
    expect(examples.map((example) => [example.sentenceA, example.sentenceB, example.isNext])).toEqual([
      [0, 1, true],
      [1, 0, false],
    ]);
    expect(examples.map((example) => [...example.inputIds])).toEqual([
      [1, 10, 11, 2, 12, 2],
      [1, 7, 2, 10, 11, 2],
    ]);
    expect(examples.map((example) => [...example.maskedIds])).toEqual([[10], [12]]);
  });

  it('is reproducible from the seed', () => {
    const first = courseBatch(lines, { ...options, rng: new Rng(11) });
    const second = courseBatch(lines, { ...options, rng: new Rng(11) });
    expect(second.batch).toEqual(first.batch);
  });

  it('rejects an odd batch, a single line and rows longer than maxLength', () => {
    const rng = new Rng(1);
    expect(() => courseBatch(lines, { ...options, batchSize: 5, rng })).toThrow(/batchSize \(5\) must be even/);
    expect(() => courseBatch(lines.slice(0, 1), { ...options, rng })).toThrow(DataError);
    expect(() => courseBatch(lines, { ...options, maxLength: 20, rng })).toThrow(
      /maxLength \(20\) is shorter than the longest pair .* \(23 tokens\)/,
    );
  });
});
