import { describe, expect, it } from 'vitest';
import { ScriptedRng } from '../test-support/scripted-rng';
import { sentence } from '../test-support/synthetic-corpus';
import type { TokenizedDocument } from '../tokenize/tokenize-documents';
import { instancesFromDocument } from './instances-from-document';
import { resolvePairOptions } from './pair-options';
import type { TrainingInstance } from './training-instance';

/** Hand-worked runs of `create_instances_from_document`: every random draw is scripted and checked in order. */
const corpus: TokenizedDocument[] = [
  { source: 'doc0', sentences: [sentence([101, 102]), sentence([103]), sentence([104, 105, 106]), sentence([107])] },
  { source: 'doc1', sentences: [sentence([201, 202, 203]), sentence([204])] },
];
const options = resolvePairOptions({ maxSeqLength: 8, shortSeqProb: 0.1, rng: new ScriptedRng([]) }, 'test'); // 5 tokens for A + B

function plain(instances: TrainingInstance[]) {
  return instances.map((instance) => ({
    a: [...instance.tokensA],
    b: [...(instance.tokensB ?? [])],
    label: instance.nextSentenceLabel,
  }));
}

describe('instancesFromDocument (NSP), hand-worked', () => {
  it('takes the true continuation, truncates the longer side, then a random B for a one-sentence chunk', () => {
    const rng = new ScriptedRng([
      ['next', 0.5], //    ≥ shortSeqProb: target length = 8 − 3 = 5
      // chunk s0 s1 s2 (2 + 1 + 3 = 6 ≥ 5)
      ['int', 2, 1], //    aEnd = randint(1, 2) = 2 → A = s0 s1 = 101 102 103
      ['next', 0.7], //    ≥ ½: B = the rest of the chunk = 104 105 106, label 0
      ['next', 0.2], //    truncate 6 → 5: tie 3/3 drops from B, < ½ → from the front: B = 105 106
      // chunk s3 alone (last sentence): aEnd = 1 without a draw, random B without a draw
      ['int', 1, 0], //    the other document: index 0 of the 1 others → doc1
      ['int', 2, 0], //    random start = sentence 0; B grows to target − |A| = 4 tokens: 201 202 203 204
    ]);
    const out: TrainingInstance[] = [];
    instancesFromDocument(corpus, 0, options, 'nsp', rng, out);
    expect(rng.remaining).toBe(0);
    expect(plain(out)).toEqual([
      { a: [101, 102, 103], b: [105, 106], label: 0 },
      { a: [107], b: [201, 202, 203, 204], label: 1 },
    ]);
  });

  it('puts back the unused sentences of a chunk when B is random', () => {
    const rng = new ScriptedRng([
      ['next', 0.5], //    target 5
      ['int', 2, 0], //    chunk s0 s1 s2: aEnd = 1 → A = 101 102
      ['next', 0.3], //    < ½: random B
      ['int', 1, 0], //    doc1
      ['int', 2, 1], //    from its sentence 1: B = 204 (the document ends before target − |A| = 3)
      // s1 s2 were not used: the walk restarts at s1. Chunk s1 s2 s3 (1 + 3 + 1 = 5)
      ['int', 2, 1], //    aEnd = 2 → A = 103 104 105 106
      ['next', 0.9], //    true continuation B = 107; 4 + 1 = 5 tokens, no truncation
    ]);
    const out: TrainingInstance[] = [];
    instancesFromDocument(corpus, 0, options, 'nsp', rng, out);
    expect(rng.remaining).toBe(0);
    expect(plain(out)).toEqual([
      { a: [101, 102], b: [204], label: 1 },
      { a: [103, 104, 105, 106], b: [107], label: 0 },
    ]);
  });

  it('draws a short target length with probability shortSeqProb', () => {
    const rng = new ScriptedRng([
      ['next', 0.05], //   < 0.1: target = randint(2, 5)
      ['int', 4, 0], //    = 2
      // chunk s0 (2 ≥ 2): one sentence → random B: doc1 from sentence 0, until 2 − 2 = 0 tokens → one sentence
      ['int', 1, 0],
      ['int', 2, 0], //    B = 201 202 203; 2 + 3 = 5, no truncation
      // chunk s1 s2 (1 + 3 ≥ 2)
      ['int', 1, 0], //    aEnd = randint(1, 1) = 1 → A = 103
      ['next', 0.6], //    B = 104 105 106, label 0
      // chunk s3 (last): random B from doc1 sentence 1 = 204
      ['int', 1, 0],
      ['int', 2, 1],
    ]);
    const out: TrainingInstance[] = [];
    instancesFromDocument(corpus, 0, options, 'nsp', rng, out);
    expect(rng.remaining).toBe(0);
    expect(plain(out)).toEqual([
      { a: [101, 102], b: [201, 202, 203], label: 1 },
      { a: [103], b: [104, 105, 106], label: 0 },
      { a: [107], b: [204], label: 1 },
    ]);
  });
});

describe('instancesFromDocument (SOP), hand-worked', () => {
  it('swaps A and B with probability ½ and cuts a one-sentence chunk at a random token', () => {
    const rng = new ScriptedRng([
      ['next', 0.5], //    target 5
      ['int', 2, 1], //    chunk s0 s1 s2: aEnd = 2 → A = 101 102 103, B = 104 105 106
      ['next', 0.4], //    < ½: swap → A = 104 105 106, B = 101 102 103, label 1
      ['next', 0.8], //    truncate: tie, B loses its last token → B = 101 102
      // chunk s3 = [107] has one token: no instance, no draw
    ]);
    const out: TrainingInstance[] = [];
    instancesFromDocument(corpus, 0, options, 'sop', rng, out);
    expect(rng.remaining).toBe(0);
    expect(plain(out)).toEqual([{ a: [104, 105, 106], b: [101, 102], label: 1 }]);

    const long: TokenizedDocument[] = [{ source: 'long', sentences: [sentence([1, 2, 3, 4, 5, 6, 7])] }];
    const cut = new ScriptedRng([
      ['next', 0.5], //    target 5; the only sentence (7 tokens) is a one-sentence chunk
      ['int', 6, 2], //    cut = randint(1, 6) = 3 → A = 1 2 3, B = 4 5 6 7
      ['next', 0.9], //    in order
      ['next', 0.9], //    truncate 7 → 5: B is longer, drop its back
      ['next', 0.1], //    tie 3/3 → B, drop its front
    ]);
    const fromLong: TrainingInstance[] = [];
    instancesFromDocument(long, 0, options, 'sop', cut, fromLong);
    expect(cut.remaining).toBe(0);
    expect(plain(fromLong)).toEqual([{ a: [1, 2, 3], b: [5, 6], label: 0 }]);
  });
});
