import { describe, expect, it } from 'vitest';
import { MergeQueue } from './merge-queue';
import { PairTable } from './pair-table';

describe('PairTable', () => {
  it('gives dense ids, finds them again, and survives growth', () => {
    const pairs = new PairTable();
    for (let left = 0; left < 100; left++) for (let right = 0; right < 100; right++) pairs.id(left, right);
    expect(pairs.size).toBe(10_000);
    expect(pairs.id(3, 7)).toBe(307);
    expect(pairs.find(99, 99)).toBe(9999);
    expect(pairs.find(100, 0)).toBe(-1);
    expect([pairs.left[307], pairs.right[307]]).toEqual([3, 7]);
  });
});

describe('MergeQueue', () => {
  it('pops by count descending, then left id, then right id ascending (HF Merge ordering)', () => {
    const pairs = new PairTable();
    const queue = new MergeQueue(pairs);
    const none = new Int32Array(0);
    const entries: Array<[number, number, number]> = [
      [5, 1, 4],
      [9, 7, 8],
      [9, 2, 9],
      [9, 2, 3],
      [1, 0, 0],
      [5, 0, 6],
    ];
    for (const [count, left, right] of entries) queue.push(pairs.id(left, right), count, none);
    const order: Array<[number, number, number]> = [];
    for (let entry = queue.pop(); entry >= 0; entry = queue.pop()) {
      const pair = queue.pairOf(entry);
      order.push([queue.countOf(entry), pairs.left[pair]!, pairs.right[pair]!]);
    }
    expect(order).toEqual([
      [9, 2, 3],
      [9, 2, 9],
      [9, 7, 8],
      [5, 0, 6],
      [5, 1, 4],
      [1, 0, 0],
    ]);
  });

  it('reinserts a popped entry with a fresh count, keeping its positions', () => {
    const pairs = new PairTable();
    const queue = new MergeQueue(pairs);
    queue.push(pairs.id(0, 1), 10, Int32Array.of(4, 2));
    queue.push(pairs.id(1, 2), 8, Int32Array.of(1));
    const stale = queue.pop();
    queue.reinsert(stale, 3);
    const next = queue.pop();
    expect(pairs.left[queue.pairOf(next)]).toBe(1);
    expect([...queue.positionsOf(queue.pop())]).toEqual([4, 2]);
    expect(queue.size).toBe(0);
  });
});
