import { DataError } from '@bert/core';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { asUsageError, EXIT_RUNTIME, EXIT_USAGE, oneLineMessage, reportFailure, UsageError } from './errors';
import { cliProgram, FlagReader, formatSeconds, parseFlags, withDefault } from './flags';

describe('@bert/cli', () => {
  it('one-line messages: ours as written, others tagged', () => {
    expect(oneLineMessage(new DataError('train.tsv:3: empty label\nmore'))).toBe('train.tsv:3: empty label');
    expect(oneLineMessage(new TypeError('x is undefined'))).toBe(
      'TypeError: x is undefined (run with --verbose for the stack)',
    );
  });

  it('asUsageError passes a value through and turns a failure into a UsageError naming the flag', () => {
    expect(asUsageError('--text "a"', () => 42)).toBe(42);
    const fail = () =>
      asUsageError('--text ""', () => {
        throw new DataError('the text gives no tokens\nsecond line');
      });
    expect(fail).toThrow(new UsageError('--text "": the text gives no tokens'));
    expect(fail).toThrow(UsageError);
  });

  it('reportFailure prints one line (the stack only when verbose) and picks the exit code', () => {
    const err: string[] = [];
    const io = { err: (line: string) => err.push(line) };
    expect(reportFailure('demo', new UsageError('--steps must be an integer ≥ 1, got "0"'), io, false)).toBe(
      EXIT_USAGE,
    );
    expect(reportFailure('demo', new DataError('corpus x.txt: no documents'), io, false)).toBe(EXIT_RUNTIME);
    expect(err).toEqual(['demo: --steps must be an integer ≥ 1, got "0"', 'demo: corpus x.txt: no documents']);
    err.length = 0;
    expect(reportFailure('demo', new DataError('bad'), io, true)).toBe(EXIT_RUNTIME);
    expect(err[0]).toBe('demo: bad');
    expect(err[1]).toMatch(/^DataError: bad\n\s+at /);
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

  it('an error from another copy of commander (not instanceof ours) is still a UsageError', () => {
    const foreign = {
      parse: () => {
        throw Object.assign(new Error("error: option '--lr <x>' argument missing"), {
          code: 'commander.optionMissingArgument',
        });
      },
    } as unknown as Command;
    expect(() => parseFlags(foreign, ['--lr'])).toThrow(new UsageError("option '--lr <x>' argument missing"));
  });

  it('cliProgram writes help to io.out and throws instead of exiting', () => {
    const out: string[] = [];
    const program = cliProgram('demo', { out: (line: string) => out.push(line), err: () => {} }).option(
      '--steps <n>',
      'steps',
    );
    expect(parseFlags(program, ['--help'])).toBeNull();
    expect(out.join('\n')).toMatch(
      /^Usage: demo \[options\][\s\S]*--steps <n>\s+steps[\s\S]*-h, --help\s+show this help$/,
    );
    expect(() => parseFlags(cliProgram('demo', { out: () => {}, err: () => {} }), ['--nope'])).toThrow(
      new UsageError("unknown option '--nope'"),
    );
  });

  it('FlagReader validates and quotes values', () => {
    const read = new FlagReader({ lr: '0', epochs: 'two', task: 'nope', batch: '8' });
    expect(() => read.number('lr', { min: 0, exclusive: true })).toThrow('--lr must be a number > 0, got "0"');
    expect(() => read.integer('epochs', 1)).toThrow('--epochs must be an integer ≥ 1, got "two"');
    expect(() => read.choice('task', ['a', 'b'])).toThrow('--task must be one of a, b, got "nope"');
    expect(read.integer('batch', 1)).toBe(8);
    expect(formatSeconds(187)).toBe('3m07s');
    expect(formatSeconds(3725)).toBe('1h02m');
    expect(withDefault('optimizer steps', '1200')).toBe('optimizer steps (default: 1200)');
  });

  it('FlagReader reads a flag with an optional value', () => {
    const read = new FlagReader({ resume: true, from: 'run/checkpoint-4', empty: '' });
    expect(read.optionalValue('resume')).toBe(true);
    expect(read.optionalValue('from')).toBe('run/checkpoint-4');
    expect(read.optionalValue('absent')).toBeUndefined();
    expect(() => read.optionalValue('empty')).toThrow('--empty needs a value, got ""');
  });
});
