import { DataError } from '@bert/core';
import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { sentence, streamIndex, syntheticCorpus, tokenOrigin } from '../test-support/synthetic-corpus';
import { createFullSentenceInstances } from './full-sentence-instances';
import { createNspInstances, createSopInstances } from './pair-instances';
import { instanceLength, NO_PAIR_LABEL } from './training-instance';

/** Token positions of a segment in its document's token stream; checks it is one document and contiguous. */
function span(
  corpus: ReturnType<typeof syntheticCorpus>,
  tokens: Int32Array,
): { document: number; first: number; last: number } {
  const document = tokenOrigin(tokens[0]!).document;
  const positions = [...tokens].map((id) => streamIndex(corpus, id));
  for (let k = 1; k < tokens.length; k++) {
    if (tokenOrigin(tokens[k]!).document !== document || positions[k] !== positions[k - 1]! + 1) {
      throw new Error(`segment not contiguous at ${k}`);
    }
  }
  return { document, first: positions[0]!, last: positions[positions.length - 1]! };
}

describe('createNspInstances', () => {
  // Long documents of short sentences: one-sentence chunks (always random) are rare, so the balance is ½.
  const corpus = syntheticCorpus(20, 1000, { minLength: 3, maxLength: 12 });
  const instances = createNspInstances(corpus, { maxSeqLength: 32, rng: new Rng(1), dupeFactor: 4 });

  it('labels about half the pairs random, never exceeds maxSeqLength, keeps A and B non-empty', () => {
    expect(instances.length).toBeGreaterThan(20_000);
    const random = instances.filter((instance) => instance.nextSentenceLabel === 1).length;
    expect(Math.abs(random / instances.length - 0.5)).toBeLessThan(0.01);
    for (const instance of instances) {
      if (instanceLength(instance) > 32 || instance.tokensA.length === 0 || !instance.tokensB?.length) {
        throw new Error(`bad instance: A ${instance.tokensA.length}, B ${instance.tokensB?.length}`);
      }
    }
    // Most targets are the full length; shortSeqProb makes some documents aim shorter.
    const lengths = instances.map(instanceLength);
    expect(lengths.filter((length) => length >= 28).length / lengths.length).toBeGreaterThan(0.6);
    expect(lengths.filter((length) => length < 16).length).toBeGreaterThan(0);
  });

  it('takes B as the true continuation for label 0 and from another document for label 1', () => {
    let continuations = 0;
    const failures: string[] = [];
    instances.forEach((instance, index) => {
      const a = span(corpus, instance.tokensA);
      const b = span(corpus, instance.tokensB!);
      if (instance.nextSentenceLabel === 0) {
        if (b.document !== a.document || b.first <= a.last) failures.push(`${index}: B does not follow A`);
        // Untruncated pairs join exactly: B's first token follows A's last.
        if (instanceLength(instance) < 32) {
          if (b.first !== a.last + 1) failures.push(`${index}: gap between A and B`);
          continuations++;
        }
      } else if (b.document === a.document) {
        failures.push(`${index}: random B from A's document`);
      }
    });
    expect(failures).toEqual([]);
    expect(continuations).toBeGreaterThan(100);
  });

  it('gives the same instances for the same seed', () => {
    const again = createNspInstances(corpus, { maxSeqLength: 32, rng: new Rng(1), dupeFactor: 4 });
    expect(again.length).toBe(instances.length);
    expect([...again[123]!.tokensA]).toEqual([...instances[123]!.tokensA]);
    const other = createNspInstances(corpus, { maxSeqLength: 32, rng: new Rng(2) });
    expect([...other[0]!.tokensA]).not.toEqual([...instances[0]!.tokensA]);
  });

  it('refuses a single document, an empty corpus and a too small maxSeqLength, in one line', () => {
    const one = syntheticCorpus(1, 10);
    expect(() => createNspInstances(one, { maxSeqLength: 32, rng: new Rng(1) })).toThrow(
      'createNspInstances: next-sentence prediction needs at least 2 documents (random B come from another document), got 1 (synthetic:0)',
    );
    expect(() => createNspInstances([{ source: 'x', sentences: [] }], { maxSeqLength: 32, rng: new Rng(1) })).toThrow(
      'createNspInstances: no documents',
    );
    expect(() => createNspInstances(corpus, { maxSeqLength: 3, rng: new Rng(1) })).toThrow(
      /^createNspInstances: maxSeqLength \(3\) must be an integer ≥ 5/,
    );
    expect(() => createNspInstances(corpus, { maxSeqLength: 3, rng: new Rng(1) })).toThrow(DataError);
    expect(() => createNspInstances(corpus, { maxSeqLength: 32, shortSeqProb: 2, rng: new Rng(1) })).toThrow(
      'shortSeqProb (2) must be in [0, 1]',
    );
  });
});

describe('createSopInstances', () => {
  it('swaps half the pairs; label 0 in order, label 1 swapped, always within one document', () => {
    const corpus = syntheticCorpus(20, 1000, { minLength: 3, maxLength: 12, seed: 3 });
    const instances = createSopInstances(corpus, { maxSeqLength: 32, rng: new Rng(4), dupeFactor: 5 });
    expect(instances.length).toBeGreaterThan(20_000);
    const swapped = instances.filter((instance) => instance.nextSentenceLabel === 1).length;
    expect(Math.abs(swapped / instances.length - 0.5)).toBeLessThan(0.01);
    for (const instance of instances.slice(0, 3000)) {
      expect(instanceLength(instance)).toBeLessThanOrEqual(32);
      const a = span(corpus, instance.tokensA);
      const b = span(corpus, instance.tokensB!);
      expect(a.document).toBe(b.document);
      if (instance.nextSentenceLabel === 0) expect(b.first).toBeGreaterThan(a.last);
      else expect(a.first).toBeGreaterThan(b.last);
    }
  });

  it('works on a single document', () => {
    const instances = createSopInstances(syntheticCorpus(1, 50), { maxSeqLength: 32, rng: new Rng(1) });
    expect(instances.length).toBeGreaterThan(5);
  });
});

describe('createFullSentenceInstances', () => {
  const corpus = syntheticCorpus(30, 40, { minLength: 2, maxLength: 40, seed: 5 });
  const SEP = 3;

  it('packs whole sentences up to maxSeqLength − 2, across documents with a separator', () => {
    const instances = createFullSentenceInstances(corpus, { maxSeqLength: 64, separatorId: SEP, rng: new Rng(6) });
    const tokens = instances.flatMap((instance) => [...instance.tokensA]);
    const corpusTokens = corpus.reduce(
      (sum, document) => sum + document.sentences.reduce((n, s) => n + s.ids.length, 0),
      0,
    );
    expect(tokens.filter((id) => id !== SEP).length).toBe(corpusTokens); // every token exactly once
    expect(new Set(tokens.filter((id) => id !== SEP)).size).toBe(corpusTokens);
    expect(tokens.filter((id) => id === SEP).length).toBeGreaterThan(0);
    for (const instance of instances) {
      expect(instance.tokensB).toBeUndefined();
      expect(instance.nextSentenceLabel).toBe(NO_PAIR_LABEL);
      expect(instanceLength(instance)).toBeLessThanOrEqual(64);
      expect(instance.tokensA[0]).not.toBe(SEP); // a separator never starts or ends an instance
      expect(instance.tokensA[instance.tokensA.length - 1]).not.toBe(SEP);
      // whole sentences: each instance starts at a sentence start (sentences here are ≤ 40 < 62 tokens)
      expect(tokenOrigin(instance.tokensA[0]!).position).toBe(0);
    }
    // greedy: the next instance's first sentence would not have fit
    for (let k = 0; k + 1 < instances.length; k++) {
      const next = instances[k + 1]!.tokensA;
      const origin = tokenOrigin(next[0]!);
      const nextLength = corpus[origin.document]!.sentences[origin.sentence]!.ids.length;
      expect(instances[k]!.tokensA.length + nextLength).toBeGreaterThan(62 - 1);
    }
    const mean = instances.reduce((sum, instance) => sum + instance.tokensA.length, 0) / instances.length;
    expect(mean).toBeGreaterThan(45);
  });

  it('cuts a sentence longer than an instance into pieces and refuses maxSeqLength < 3', () => {
    const long = [{ source: 'long', sentences: [sentence(Array.from({ length: 25 }, (_, k) => 10 + k))] }];
    const instances = createFullSentenceInstances(long, { maxSeqLength: 12, rng: new Rng(1) });
    expect(instances.map((instance) => instance.tokensA.length)).toEqual([10, 10, 5]);
    expect(() => createFullSentenceInstances(long, { maxSeqLength: 2, rng: new Rng(1) })).toThrow(
      /^createFullSentenceInstances: maxSeqLength \(2\) must be an integer ≥ 3/,
    );
  });
});
