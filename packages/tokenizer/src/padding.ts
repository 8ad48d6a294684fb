import type { Direction, Encoding } from './encoding';
import { TokenizerError } from './errors';

/**
 * Padding as HF's `PaddingParams`: to a fixed `length`, or (when `length` is undefined) to the longest encoding of
 * the batch, optionally rounded up to a multiple of `padToMultipleOf`.
 */
export interface PaddingParams {
  length?: number;
  padToMultipleOf?: number;
  direction?: Direction;
  padId?: number;
  padTypeId?: number;
  padToken?: string;
}

export interface ResolvedPadding {
  readonly length: number | undefined;
  readonly padToMultipleOf: number | undefined;
  readonly direction: Direction;
  readonly padId: number;
  readonly padTypeId: number;
  readonly padToken: string;
}

export function resolvePadding(params: PaddingParams): ResolvedPadding {
  const resolved = {
    length: params.length,
    padToMultipleOf: params.padToMultipleOf,
    direction: params.direction ?? 'right',
    padId: params.padId ?? 0,
    padTypeId: params.padTypeId ?? 0,
    padToken: params.padToken ?? '[PAD]',
  };
  for (const [name, value] of [
    ['length', resolved.length],
    ['padToMultipleOf', resolved.padToMultipleOf],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw new TokenizerError(`padding ${name} (${value}) must be a non-negative integer`);
    }
  }
  if (resolved.direction !== 'right' && resolved.direction !== 'left') {
    throw new TokenizerError(`padding direction "${params.direction}" must be right or left`);
  }
  return Object.freeze(resolved);
}

/** Pads every encoding of the batch in place (HF `pad_encodings`). */
export function padEncodings(encodings: readonly Encoding[], params: ResolvedPadding): void {
  if (encodings.length === 0) return;
  let length = params.length ?? Math.max(...encodings.map((encoding) => encoding.length));
  const multiple = params.padToMultipleOf;
  if (multiple && length % multiple > 0) length += multiple - (length % multiple);
  for (const encoding of encodings) {
    encoding.pad(length, params.padId, params.padTypeId, params.padToken, params.direction);
  }
}

export function paddingToJSON(params: ResolvedPadding): Record<string, unknown> {
  return {
    strategy: params.length === undefined ? 'BatchLongest' : { Fixed: params.length },
    direction: params.direction === 'left' ? 'Left' : 'Right',
    pad_to_multiple_of: params.padToMultipleOf ?? null,
    pad_id: params.padId,
    pad_type_id: params.padTypeId,
    pad_token: params.padToken,
  };
}
