import * as tf from '@tensorflow/tfjs';
import { sizeOf } from './wasm-heap.js';

/** `a · b` after transposes, batch dims broadcast like tf.matMul, as the addon's batch addressing. */
export interface MatMulGeometry {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly batch: number;
  readonly outShape: number[];
  /** Bytes between consecutive batches of a (0: a is shared by all), used when `aIndex` is null. */
  readonly aStride: number;
  readonly bStride: number;
  /** Per output batch, the batch of a (or b) to read, when broadcasting is not a plain stride. */
  readonly aIndex: Int32Array | null;
  readonly bIndex: Int32Array | null;
}

/** Validates shapes with tfjs-core's messages and resolves batch broadcasting. */
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
  const a = addressing(aBatchShape, batchShape, m * k * 4);
  const b = addressing(bBatchShape, batchShape, k * n * 4);
  return {
    m,
    k,
    n,
    batch,
    outShape: [...batchShape, m, n],
    aStride: a.stride,
    bStride: b.stride,
    aIndex: a.index,
    bIndex: b.index,
  };
}

/** A stride when the operand has every batch (or one shared by all), else an index per output batch. */
function addressing(
  shape: readonly number[],
  outShape: readonly number[],
  bytes: number,
): { stride: number; index: Int32Array | null } {
  const own = sizeOf(shape);
  const total = sizeOf(outShape);
  if (own === total) return { stride: bytes, index: null };
  if (own === 1) return { stride: 0, index: null };
  const index = new Int32Array(total);
  const offset = outShape.length - shape.length;
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let source = 0;
    let stride = 1;
    for (let axis = outShape.length - 1; axis >= offset; axis--) {
      const outDim = outShape[axis]!;
      const coordinate = rest % outDim;
      rest = Math.floor(rest / outDim);
      const dim = shape[axis - offset]!;
      if (dim !== 1) source += coordinate * stride;
      stride *= dim;
    }
    index[flat] = source;
  }
  return { stride: 0, index };
}
