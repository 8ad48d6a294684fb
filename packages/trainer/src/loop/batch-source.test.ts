import { describe, expect, it } from 'vitest';
import { epochLength, openEpoch } from './batch-source.js';

async function drain<T>(iterator: AsyncIterator<T>): Promise<T[]> {
  const out: T[] = [];
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) out.push(next.value);
  return out;
}

describe('openEpoch', () => {
  it('replays and drops `start` batches of an iterable, then calls beforeFirst', async () => {
    const order: string[] = [];
    const source = {
      *[Symbol.iterator]() {
        for (const value of [1, 2, 3, 4]) {
          order.push(`draw ${value}`);
          yield value;
        }
      },
    };
    const iterator = await openEpoch(source, 0, 2, () => order.push('restore'));
    expect(await drain(iterator)).toEqual([3, 4]);
    expect(order).toEqual(['draw 1', 'draw 2', 'restore', 'draw 3', 'draw 4']);
  });

  it('asks an EpochBatches function for (epoch, start) after beforeFirst, and reads async iterables', async () => {
    const calls: string[] = [];
    const source = (epoch: number, start: number) => {
      calls.push(`source ${epoch} ${start}`);
      return (async function* () {
        for (let index = start; index < 3; index++) yield `${epoch}:${index}`;
      })();
    };
    expect(await drain(await openEpoch(source, 2, 1, () => calls.push('restore')))).toEqual(['2:1', '2:2']);
    expect(calls).toEqual(['restore', 'source 2 1']);
    expect([epochLength([1, 2, 3]), epochLength(source), epochLength(new Set([1]))]).toEqual([3, undefined, undefined]);
  });
});
