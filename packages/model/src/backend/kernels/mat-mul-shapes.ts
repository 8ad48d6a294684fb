import * as tf from '@tensorflow/tfjs';
import { sizeOf } from './wasm-internals.js';

/** The geometry of `a · b` after transposes, with batch dims broadcast (numpy rules, like tf.matMul). */
export interface MatMulGeometry {
  /** Rows of the output (of a after transposeA). */
  readonly m: number;
  /** The contracted size. */
  readonly k: number;
  /** Columns of the output (of b after transposeB). */
  readonly n: number;
  /** Output batch dims and their product. */
  readonly batchShape: readonly number[];
  readonly batch: number;
  /** Product of a's and b's own batch dims (1 when that operand broadcasts over all batches). */
  readonly batchA: number;
  readonly batchB: number;
  /** For each output batch index, the batch index into a and into b (broadcasting resolved). */
  readonly aIndex: Int32Array;
  readonly bIndex: Int32Array;
  readonly outShape: readonly number[];
}

/** Validates shapes like tfjs-core does and resolves broadcasting of the batch dims. */
export function matMulGeometry(
  aShape: readonly number[],
  bShape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
): MatMulGeometry {
  const aRank = aShape.length;
  const bRank = bShape.length;
  if (aRank < 2 || bRank < 2) throw new Error(`matMul needs rank ≥ 2, got [${aShape}] and [${bShape}]`);
  const m = aShape[transposeA ? aRank - 1 : aRank - 2]!;
  const k = aShape[transposeA ? aRank - 2 : aRank - 1]!;
  const kB = bShape[transposeB ? bRank - 1 : bRank - 2]!;
  const n = bShape[transposeB ? bRank - 2 : bRank - 1]!;
  if (k !== kB) {
    throw new Error(
      `Error in matMul: inner shapes (${k}) and (${kB}) of Tensors with shapes ${aShape} and ${bShape} and ` +
        `transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  }
  const aBatchShape = aShape.slice(0, -2);
  const bBatchShape = bShape.slice(0, -2);
  const batchShape = tf.broadcast_util.assertAndGetBroadcastShape(aBatchShape, bBatchShape);
  const batch = sizeOf(batchShape);
  return {
    m,
    k,
    n,
    batchShape,
    batch,
    batchA: sizeOf(aBatchShape),
    batchB: sizeOf(bBatchShape),
    aIndex: broadcastIndex(aBatchShape, batchShape),
    bIndex: broadcastIndex(bBatchShape, batchShape),
    outShape: [...batchShape, m, n],
  };
}

/** For each flat index of `outShape`, the flat index into `shape` (right-aligned, size-1 dims broadcast). */
function broadcastIndex(shape: readonly number[], outShape: readonly number[]): Int32Array {
  const total = sizeOf(outShape);
  const index = new Int32Array(total);
  if (sizeOf(shape) === total) {
    for (let i = 0; i < total; i++) index[i] = i;
    return index;
  }
  const offset = outShape.length - shape.length;
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let source = 0;
    let stride = 1;
    for (let axis = outShape.length - 1; axis >= 0; axis--) {
      const outDim = outShape[axis]!;
      const coordinate = rest % outDim;
      rest = Math.floor(rest / outDim);
      const own = axis - offset;
      if (own < 0) continue;
      const dim = shape[own]!;
      if (dim !== 1) source += coordinate * stride;
      stride *= dim;
    }
    index[flat] = source;
  }
  return index;
}
