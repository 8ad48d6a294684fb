import { DataError } from '@bert/core';
import { describe, expect, it } from 'vitest';
import { Rng } from './random';

describe('Rng (xoshiro128**)', () => {
  it('matches the reference implementation from state [1, 2, 3, 4]', () => {
    // Hand-stepped from Blackman & Vigna's xoshiro128starstar.c: rotl(s1·5, 7)·9 with s1 = 2, then 0, then 1029.
    const rng = Rng.fromState([1, 2, 3, 4]);
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([11520, 0, 5927040]);
  });

  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 8 }, () => rng.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(2 ** 40)).not.toEqual(draw(0)); // the high half of the seed counts
  });

  it('continues identically after getState / fromState / setState, through JSON', () => {
    const rng = new Rng(7);
    for (let k = 0; k < 100; k++) rng.next();
    const saved = JSON.parse(JSON.stringify(rng.getState())) as number[];
    const mixed = (source: Rng) => [
      ...Array.from({ length: 50 }, () => source.next()),
      ...Array.from({ length: 50 }, (_, k) => source.int(k + 1)),
      ...source.shuffle([1, 2, 3, 4, 5, 6, 7, 8, 9]),
      ...Array.from({ length: 50 }, () => source.geometric(0.2)),
    ];
    const original = mixed(rng);
    expect(mixed(Rng.fromState(saved))).toEqual(original);
    const other = new Rng(99);
    other.setState(saved);
    expect(mixed(other)).toEqual(original);
  });

  it('draws floats in [0, 1) and unbiased integers', () => {
    const rng = new Rng(1);
    const counts = new Array<number>(6).fill(0);
    const draws = 120_000;
    let outside = 0;
    for (let k = 0; k < draws; k++) {
      const value = rng.next();
      if (!(value >= 0 && value < 1)) outside++;
      const die = rng.int(6);
      counts[die] = (counts[die] ?? 0) + 1;
    }
    expect(outside).toBe(0);
    for (const count of counts) expect(Math.abs(count / draws - 1 / 6)).toBeLessThan(0.005);
    expect(rng.int(1)).toBe(0);
    expect(rng.int(2 ** 32)).toBeLessThan(2 ** 32);
  });

  it('shuffles into a permutation, each of the 6 orders of 3 items about equally often', () => {
    const rng = new Rng(3);
    const counts = new Map<string, number>();
    for (let k = 0; k < 60_000; k++) {
      const key = rng.shuffle([0, 1, 2]).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const count of counts.values()) expect(Math.abs(count / 60_000 - 1 / 6)).toBeLessThan(0.01);
    const typed = rng.shuffle(Int32Array.from({ length: 100 }, (_, k) => k));
    expect([...typed].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, k) => k));
  });

  it('draws geometric(p) with mean 1/p and P(1) = p', () => {
    const rng = new Rng(5);
    const draws = Array.from({ length: 100_000 }, () => rng.geometric(0.2));
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    expect(Math.min(...draws)).toBe(1);
    expect(Math.abs(mean - 5) / 5).toBeLessThan(0.01);
    expect(Math.abs(draws.filter((value) => value === 1).length / draws.length - 0.2)).toBeLessThan(0.01);
    expect(rng.geometric(1)).toBe(1);
  });

  it('derives keyed streams without advancing; fork advances', () => {
    const rng = new Rng(11);
    const state = rng.getState();
    const a = rng.derive(3, 7).getState();
    expect(rng.getState()).toEqual(state);
    expect(rng.derive(3, 7).getState()).toEqual(a);
    expect(rng.derive(3, 8).getState()).not.toEqual(a);
    expect(rng.derive(7, 3).getState()).not.toEqual(a);
    expect(rng.derive(3).getState()).not.toEqual(a);
    const child = rng.fork();
    expect(rng.getState()).not.toEqual(state);
    expect(child.getState()).not.toEqual(rng.getState());
  });

  it('rejects bad seeds, states and arguments with the value quoted', () => {
    expect(() => new Rng(1.5)).toThrow('Rng seed (1.5) must be a safe integer');
    expect(() => Rng.fromState([1, 2, 3])).toThrow(DataError);
    expect(() => Rng.fromState([0, 0, 0, 0])).toThrow('must not be all zeros');
    expect(() => Rng.fromState([1, 2, 3, 2 ** 32])).toThrow('four unsigned 32-bit integers');
    expect(() => new Rng(1).int(0)).toThrow('Rng.int(n): n (0)');
    expect(() => new Rng(1).geometric(0)).toThrow('Rng.geometric(p): p (0)');
  });
});
