import { Command } from 'commander';
import { UsageError } from './errors';
import type { CliIo } from './io';

/** Raw flag values by long flag name (`max-seq-length`), as commander produced them. */
export type RawFlags = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/**
 * A commander program set up the way `parseFlags` expects: `-h, --help`, errors thrown instead of exiting, help and
 * version text written to `io.out`, commander's own error output silenced (the CLI prints one line itself).
 */
export function cliProgram(name: string, io: CliIo): Command {
  return new Command(name)
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: () => {}, outputError: () => {} });
}

/**
 * Parses `argv` with a commander program set up with `.exitOverride()`: returns the flags given on the command line
 * (by long name, without defaults) and the positional arguments, or null after `--help` / `--version`. Commander's
 * errors become `UsageError`s.
 */
export function parseFlags(program: Command, argv: readonly string[]): { flags: RawFlags; args: string[] } | null {
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    // By its code, not `instanceof`: the program may come from another copy of commander than this package's.
    const code = (error as { code?: unknown } | null)?.code;
    if (error instanceof Error && typeof code === 'string' && code.startsWith('commander.')) {
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(code)) return null;
      throw new UsageError(error.message.replace(/^error: /, ''));
    }
    throw error;
  }
  const values = program.opts();
  const flags: Record<string, unknown> = {};
  for (const option of program.options) {
    const key = option.attributeName();
    if (option.long !== undefined && program.getOptionValueSource(key) === 'cli')
      flags[option.long.slice(2)] = values[key];
  }
  return { flags: flags as RawFlags, args: program.args };
}

/** Typed, validated access to raw flags; every error is a `UsageError` naming the flag and quoting the value. */
export class FlagReader {
  constructor(private readonly flags: RawFlags) {}

  given(name: string): boolean {
    const value = this.flags[name];
    return value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);
  }

  string(name: string): string | undefined {
    const value = this.flags[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      throw new UsageError(`--${name} needs a value, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  list(name: string): string[] {
    const value = this.flags[name];
    if (value === undefined) return [];
    const items = (Array.isArray(value) ? value : [value]) as unknown[];
    for (const item of items) {
      if (typeof item !== 'string' || item.trim() === '') {
        throw new UsageError(`--${name} needs values, got ${JSON.stringify(item)}`);
      }
    }
    return items as string[];
  }

  boolean(name: string): boolean {
    const value = this.flags[name];
    if (value === undefined || value === false) return false;
    if (value === true) return true;
    throw new UsageError(`--${name} takes no value, got ${JSON.stringify(value)}`);
  }

  /** A flag with an optional value (`--resume` alone is true, `--resume DIR` a string). */
  optionalValue(name: string): string | boolean | undefined {
    const value = this.flags[name];
    if (value === undefined || typeof value === 'boolean') return value;
    return this.string(name);
  }

  choice<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!(choices as readonly string[]).includes(value)) {
      throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${value}"`);
    }
    return value as T;
  }

  integer(name: string, min: number): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value)) || Number(value) < min) {
      throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${value}"`);
    }
    return Number(value);
  }

  number(
    name: string,
    range: { min?: number; exclusive?: boolean; max?: number; maxExclusive?: boolean },
  ): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const number = Number(value);
    const { min, exclusive = false, max, maxExclusive = false } = range;
    const ok =
      value.trim() !== '' &&
      Number.isFinite(number) &&
      (min === undefined || (exclusive ? number > min : number >= min)) &&
      (max === undefined || (maxExclusive ? number < max : number <= max));
    if (!ok) {
      const low = min === undefined ? '' : `${exclusive ? '>' : '≥'} ${min}`;
      const high = max === undefined ? '' : `${maxExclusive ? '<' : '≤'} ${max}`;
      throw new UsageError(`--${name} must be a number ${[low, high].filter(Boolean).join(' and ')}, got "${value}"`);
    }
    return number;
  }
}

/** A commander option description with its default, as the toolkit's `--help` shows it. */
export function withDefault(description: string, value: string): string {
  return `${description} (default: ${value})`;
}

/** `42s`, `3m07s`, `1h02m`. */
export function formatSeconds(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}
