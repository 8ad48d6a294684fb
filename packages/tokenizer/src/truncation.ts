import type { Direction, Encoding } from './encoding';
import { TokenizerError } from './errors';

export type TruncationStrategy = 'longest_first' | 'only_first' | 'only_second';

/** How encodings are cut to `maxLength` (special tokens included), as HF's `TruncationParams`. */
export interface TruncationParams {
  maxLength: number;
  /** Tokens of overlap between consecutive overflowing windows. */
  stride?: number;
  strategy?: TruncationStrategy;
  direction?: Direction;
}

export interface ResolvedTruncation {
  readonly maxLength: number;
  readonly stride: number;
  readonly strategy: TruncationStrategy;
  readonly direction: Direction;
}

export function resolveTruncation(params: TruncationParams): ResolvedTruncation {
  const resolved = {
    maxLength: params.maxLength,
    stride: params.stride ?? 0,
    strategy: params.strategy ?? 'longest_first',
    direction: params.direction ?? 'right',
  };
  if (!Number.isInteger(resolved.maxLength) || resolved.maxLength < 0) {
    throw new TokenizerError(`truncation maxLength (${params.maxLength}) must be a non-negative integer`);
  }
  if (!Number.isInteger(resolved.stride) || resolved.stride < 0) {
    throw new TokenizerError(`truncation stride (${params.stride}) must be a non-negative integer`);
  }
  if (resolved.maxLength > 0 && resolved.stride >= resolved.maxLength) {
    throw new TokenizerError(
      `truncation stride (${resolved.stride}) must be smaller than maxLength (${resolved.maxLength})`,
    );
  }
  if (!['longest_first', 'only_first', 'only_second'].includes(resolved.strategy)) {
    throw new TokenizerError(
      `truncation strategy "${params.strategy}" must be longest_first, only_first or only_second`,
    );
  }
  if (resolved.direction !== 'right' && resolved.direction !== 'left') {
    throw new TokenizerError(`truncation direction "${params.direction}" must be right or left`);
  }
  return Object.freeze(resolved);
}

/**
 * Cuts `encoding` and `pair` so that together they hold at most `params.maxLength` tokens (HF `truncate_encodings`).
 * `longest_first` shortens the longer sequence first, then both evenly; `only_*` cut one side and fail when that side
 * alone cannot absorb the excess.
 */
export function truncateEncodings(encoding: Encoding, pair: Encoding | undefined, params: ResolvedTruncation): void {
  const { maxLength, stride, direction } = params;
  if (maxLength === 0) {
    encoding.truncate(0, stride, direction);
    pair?.truncate(0, stride, direction);
    return;
  }
  const total = encoding.length + (pair?.length ?? 0);
  if (total <= maxLength) return;
  const toRemove = total - maxLength;
  if (params.strategy === 'longest_first') {
    if (!pair) {
      encoding.truncate(total - toRemove, stride, direction);
      return;
    }
    let n1 = encoding.length;
    let n2 = pair.length;
    const swap = n1 > n2;
    if (swap) [n1, n2] = [n2, n1];
    n2 = n1 > maxLength ? n1 : Math.max(n1, maxLength - n1);
    if (n1 + n2 > maxLength) {
      n1 = Math.floor(maxLength / 2);
      n2 = n1 + (maxLength % 2);
    }
    if (swap) [n1, n2] = [n2, n1];
    encoding.truncate(n1, stride, direction);
    pair.truncate(n2, stride, direction);
    return;
  }
  const target = params.strategy === 'only_first' ? encoding : pair;
  if (!target) throw new TokenizerError('truncation strategy only_second needs a pair sequence');
  if (target.length <= toRemove) {
    throw new TokenizerError(
      `cannot truncate with ${params.strategy}: that sequence has ${target.length} tokens and ${toRemove} must go`,
    );
  }
  target.truncate(target.length - toRemove, stride, direction);
}

export function truncationToJSON(params: ResolvedTruncation): Record<string, unknown> {
  const strategy = { longest_first: 'LongestFirst', only_first: 'OnlyFirst', only_second: 'OnlySecond' }[
    params.strategy
  ];
  return {
    direction: params.direction === 'left' ? 'Left' : 'Right',
    max_length: params.maxLength,
    strategy,
    stride: params.stride,
  };
}
