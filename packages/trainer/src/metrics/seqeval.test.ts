import { describe, expect, it } from 'vitest';
import { endOfChunk, getEntities, seqevalReport, startOfChunk } from './seqeval.js';

const entity = (type: string, start: number, end: number) => ({ type, start, end });

// Expected values are worked out by hand from seqeval's default-mode rules (sequence_labeling.py, get_entities /
// end_of_chunk / start_of_chunk, and precision_recall_fscore_support for the averages).
describe('getEntities (seqeval default mode)', () => {
  it("seqeval's docstring example", () => {
    expect(getEntities(['B-PER', 'I-PER', 'O', 'B-LOC'])).toEqual([entity('PER', 0, 1), entity('LOC', 3, 3)]);
  });

  it('an I- tag after O starts a chunk (ill-formed IOB2, and every IOB1 entity)', () => {
    expect(getEntities(['O', 'I-PER', 'I-PER', 'O'])).toEqual([entity('PER', 1, 2)]);
    expect(getEntities(['I-ORG'])).toEqual([entity('ORG', 0, 0)]); // at the very start
    // IOB1: B- only separates two adjacent entities of one type
    expect(getEntities(['I-PER', 'I-PER', 'B-PER', 'O'])).toEqual([entity('PER', 0, 1), entity('PER', 2, 2)]);
  });

  it('a change of type ends one chunk and starts another, whatever the prefix', () => {
    expect(getEntities(['B-PER', 'I-LOC'])).toEqual([entity('PER', 0, 0), entity('LOC', 1, 1)]);
    expect(getEntities(['B-PER', 'I-LOC', 'I-LOC', 'O'])).toEqual([entity('PER', 0, 0), entity('LOC', 1, 2)]);
  });

  it('B- after B- or I- of the same type ends the chunk', () => {
    expect(getEntities(['B-PER', 'I-PER', 'B-PER'])).toEqual([entity('PER', 0, 1), entity('PER', 2, 2)]);
    expect(getEntities(['B-PER', 'B-PER'])).toEqual([entity('PER', 0, 0), entity('PER', 1, 1)]);
  });

  it('a chunk running to the end of the sequence is closed (trailing chunk)', () => {
    expect(getEntities(['O', 'B-LOC', 'I-LOC'])).toEqual([entity('LOC', 1, 2)]);
  });

  it('BIOES: E and S end chunks; an I after E starts a new one', () => {
    expect(getEntities(['S-PER', 'B-LOC', 'E-LOC', 'O'])).toEqual([entity('PER', 0, 0), entity('LOC', 1, 2)]);
    expect(getEntities(['B-LOC', 'I-LOC', 'E-LOC', 'I-LOC'])).toEqual([entity('LOC', 0, 2), entity('LOC', 3, 3)]);
  });

  it('sentences are joined with an O after each, so chunks never cross them and positions run on', () => {
    // flat: B-PER O I-PER O
    expect(getEntities([['B-PER'], ['I-PER']])).toEqual([entity('PER', 0, 0), entity('PER', 2, 2)]);
  });

  it('a bare prefix has type "_"', () => {
    expect(getEntities(['B', 'I', 'O'])).toEqual([entity('_', 0, 1)]);
  });

  it('end_of_chunk / start_of_chunk truth table spot checks', () => {
    expect(endOfChunk('I', 'O', 'PER', '_')).toBe(true);
    expect(endOfChunk('I', 'I', 'PER', 'PER')).toBe(false);
    expect(endOfChunk('O', 'B', '_', 'PER')).toBe(false);
    expect(startOfChunk('O', 'I', '_', 'PER')).toBe(true);
    expect(startOfChunk('B', 'I', 'PER', 'PER')).toBe(false);
    expect(startOfChunk('I', 'O', 'PER', '_')).toBe(false);
  });
});

describe('seqevalReport', () => {
  it("seqeval's classification_report example: micro 0.5, MISC 0, PER 1, accuracy 0.8", () => {
    const truth = [
      ['O', 'O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'O'],
      ['B-PER', 'I-PER', 'O'],
    ];
    const predicted = [
      ['O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'I-MISC', 'O'],
      ['B-PER', 'I-PER', 'O'],
    ];
    const report = seqevalReport(truth, predicted);
    expect(report.micro).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(report.perType['MISC']).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(report.perType['PER']).toEqual({ precision: 1, recall: 1, f1: 1, support: 1 });
    expect(report.macro.f1).toBe(0.5);
    expect(report.accuracy).toBe(0.8); // 8 of 10 tags equal
  });

  it('a type only predicted gets a row with support 0 and enters the macro average (seqeval ≥ 1.0)', () => {
    const report = seqevalReport([['B-PER', 'O']], [['B-PER', 'B-LOC']]);
    expect(Object.keys(report.perType)).toEqual(['LOC', 'PER']);
    expect(report.perType['LOC']).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    // micro: correct 1, predicted 2, true 1 → P 0.5, R 1, F1 2/3
    expect(report.micro.precision).toBe(0.5);
    expect(report.micro.recall).toBe(1);
    expect(report.micro.f1).toBeCloseTo(2 / 3, 12);
    // macro over LOC and PER: P (0 + 1)/2, R (0 + 1)/2, F1 (0 + 1)/2; weighted by support (0, 1): all 1
    expect(report.macro).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 1 });
    expect(report.weighted).toEqual({ precision: 1, recall: 1, f1: 1, support: 1 });
    expect(report.counts).toEqual({ true: 1, predicted: 2, correct: 1 });
  });

  it('a prediction with the right span but the wrong boundary tag still matches (I- after O)', () => {
    // truth B-ORG I-ORG; prediction I-ORG I-ORG → same chunk (ORG, 0, 1): correct in default mode
    const report = seqevalReport([['B-ORG', 'I-ORG', 'O']], [['I-ORG', 'I-ORG', 'O']]);
    expect(report.micro.f1).toBe(1);
    expect(report.accuracy).toBeCloseTo(2 / 3, 12);
  });

  it('a chunk cut by a type change counts as two wrong entities', () => {
    // truth LOC(0, 2); predicted LOC(0, 0), PER(1, 1), LOC(2, 2) → 0 correct of 3 predicted, 1 true
    const report = seqevalReport([['B-LOC', 'I-LOC', 'I-LOC']], [['B-LOC', 'I-PER', 'I-LOC']]);
    expect(report.counts).toEqual({ true: 1, predicted: 3, correct: 0 });
    expect(report.micro.f1).toBe(0);
  });

  it('rejects sentences of different lengths', () => {
    expect(() => seqevalReport([['O', 'O']], [['O']])).toThrow(/sentence 0: 2 true tags but 1 predicted/);
    expect(() => seqevalReport([['O']], [])).toThrow(/1 sentences but predicted has 0/);
  });
});

/** Random B/I/O tags of four types (a seeded LCG), sentence breaks with probability 0.05: many ill-formed chunks. */
function randomTagging(seed: number, count: number): { truth: string[][]; predicted: string[][] } {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const types = ['PER', 'MISC', 'ORG', 'LOC'];
  const tag = () => {
    const prefix = 'BIO'[Math.floor(random() * 3)] as string;
    const type = types[Math.floor(random() * 4)] as string;
    return prefix === 'O' ? 'O' : `${prefix}-${type}`;
  };
  const truth: string[][] = [[]];
  const predicted: string[][] = [[]];
  for (let index = 0; index < count; index++) {
    truth.at(-1)?.push(tag());
    predicted.at(-1)?.push(tag());
    if (random() > 0.95 && index < count - 1) {
      truth.push([]);
      predicted.push([]);
    }
  }
  return { truth, predicted };
}

describe('seqevalReport against conlleval.pl', () => {
  it('2000 random B/I/O tags in 112 sentences: the counts conlleval prints', () => {
    // Independent reference: the CoNLL-2000 conlleval script (2004-01-26; seqeval's own tests check it against this
    // script on random BIO data), run once on these tags written as "X X true predicted" lines with blank lines
    // between sentences. It printed: 2000 tokens, 332 correct tags, 1230 true / 1202 found / 178 correct chunks;
    // LOC 297/321/48, MISC 313/314/44, ORG 315/295/42, PER 305/272/44 (true/found/correct).
    const { truth, predicted } = randomTagging(2024, 2000);
    expect(truth).toHaveLength(112);
    const report = seqevalReport(truth, predicted);
    expect(report.counts).toEqual({ true: 1230, predicted: 1202, correct: 178 });
    expect(report.accuracy).toBeCloseTo(332 / 2000, 12);
    const conlleval: Record<string, [number, number, number]> = {
      LOC: [297, 321, 48],
      MISC: [313, 314, 44],
      ORG: [315, 295, 42],
      PER: [305, 272, 44],
    };
    for (const [type, [trueCount, found, correct]] of Object.entries(conlleval)) {
      expect(report.perType[type]?.support, type).toBe(trueCount);
      expect(report.perType[type]?.precision, type).toBeCloseTo(correct / found, 12);
      expect(report.perType[type]?.recall, type).toBeCloseTo(correct / trueCount, 12);
    }
    const precision = 178 / 1202;
    const recall = 178 / 1230;
    expect(report.micro.f1).toBeCloseTo((2 * precision * recall) / (precision + recall), 12);
  });
});
