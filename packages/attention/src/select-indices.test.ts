import { ConfigError } from '@bert/core';
import { describe, expect, it } from 'vitest';
import { checkIndices, parseIndexList } from './select-indices.js';

describe('parseIndexList', () => {
  it.each([
    ['all', undefined],
    [' all ', undefined],
    ['3', [3]],
    ['0,2', [0, 2]],
    ['1-3', [1, 2, 3]],
    ['4-5, 0 ,2,2', [0, 2, 4, 5]],
  ])('%s → %j', (spec, expected) => {
    expect(parseIndexList(spec, 'layers')).toEqual(expected);
  });

  it.each(['', 'x', '1,', '-1', '1.5', '3-1', 'all,1'])('rejects %j', (spec) => {
    expect(() => parseIndexList(spec, '--layers')).toThrow(ConfigError);
  });

  it('quotes the input in errors', () => {
    expect(() => parseIndexList('one', '--heads')).toThrow(
      new ConfigError('--heads must be "all" or indices like 0,2,4-6, got "one"'),
    );
    expect(() => parseIndexList('3-1', '--heads')).toThrow(
      new ConfigError('--heads: range 3-1 runs backwards in "3-1"'),
    );
  });
});

describe('checkIndices', () => {
  it('defaults to every index and sorts a subset', () => {
    expect(checkIndices(undefined, 3, 'heads')).toEqual([0, 1, 2]);
    expect(checkIndices([2, 0, 2], 3, 'heads')).toEqual([0, 2]);
  });

  it('names the range in errors', () => {
    expect(() => checkIndices([0, 5], 4, 'heads')).toThrow(
      new ConfigError('heads: 5 is out of range, the model has 4 heads (0-3)'),
    );
    expect(() => checkIndices([], 4, 'heads')).toThrow(new ConfigError('heads: the list is empty'));
  });
});
