import { DataError } from '@bert/core';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { oneLineMessage, UsageError } from './errors';
import { FlagReader, formatSeconds, parseFlags } from './flags';

describe('@bert/cli', () => {
  it('one-line messages: ours as written, others tagged', () => {
    expect(oneLineMessage(new DataError('train.tsv:3: empty label\nmore'))).toBe('train.tsv:3: empty label');
    expect(oneLineMessage(new TypeError('x is undefined'))).toBe(
      'TypeError: x is undefined (run with --verbose for the stack)',
    );
  });

  it('parseFlags returns only flags given on the command line; commander errors are UsageErrors', () => {
    const program = () =>
      new Command('demo')
        .option('--epochs <n>', 'epochs', '3')
        .option('--verbose')
        .exitOverride()
        .configureOutput({ writeErr: () => {}, writeOut: () => {} });
    expect(parseFlags(program(), ['--verbose'])).toEqual({ flags: { verbose: true }, args: [] });
    expect(() => parseFlags(program(), ['--epoch', '2'])).toThrow(UsageError);
    expect(parseFlags(program(), ['--help'])).toBeNull();
  });

  it('FlagReader validates and quotes values', () => {
    const read = new FlagReader({ lr: '0', epochs: 'two', task: 'nope', batch: '8' });
    expect(() => read.number('lr', { min: 0, exclusive: true })).toThrow('--lr must be a number > 0, got "0"');
    expect(() => read.integer('epochs', 1)).toThrow('--epochs must be an integer ≥ 1, got "two"');
    expect(() => read.choice('task', ['a', 'b'])).toThrow('--task must be one of a, b, got "nope"');
    expect(read.integer('batch', 1)).toBe(8);
    expect(formatSeconds(187)).toBe('3m07s');
  });
});
