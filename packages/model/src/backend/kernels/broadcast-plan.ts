import * as tf from '@tensorflow/tfjs';

/**
 * A broadcast of two operands collapsed to 3 dims [d0, d1, d2] with element strides per operand; the innermost
 * stride is 1 (operand varies along d2) or 0 (broadcast). Adjacent dims with the same broadcast pattern merge,
 * so [B, N, T, T] + [B, 1, 1, T] becomes [B, N·T, T] with b strides [T, 0, 1].
 */
export interface BroadcastPlan {
  readonly outShape: number[];
  /** d0, d1, d2, a strides ×3, b strides ×3. */
  readonly args: readonly [number, number, number, number, number, number, number, number, number];
}

/** The plan, or null when more than 3 dims remain after merging (callers then use the stock kernel). */
export function planBroadcast(aShape: readonly number[], bShape: readonly number[]): BroadcastPlan | null {
  const outShape = tf.broadcast_util.assertAndGetBroadcastShape([...aShape], [...bShape]);
  const rank = outShape.length;
  const padded = (shape: readonly number[]) => [...Array<number>(rank - shape.length).fill(1), ...shape];
  const a = padded(aShape);
  const b = padded(bShape);
  const dims: { size: number; aReal: boolean; bReal: boolean }[] = [];
  for (let axis = 0; axis < rank; axis++) {
    const size = outShape[axis]!;
    if (size === 1) continue;
    const aReal = a[axis] !== 1;
    const bReal = b[axis] !== 1;
    const last = dims.at(-1);
    if (last != null && last.aReal === aReal && last.bReal === bReal) last.size *= size;
    else dims.push({ size, aReal, bReal });
  }
  if (dims.length > 3) return null;
  while (dims.length < 3) dims.unshift({ size: 1, aReal: false, bReal: false });
  const strides = (real: (dim: (typeof dims)[number]) => boolean) => {
    const result = [0, 0, 0];
    let stride = 1;
    for (let axis = 2; axis >= 0; axis--) {
      const dim = dims[axis]!;
      if (real(dim)) {
        result[axis] = stride;
        stride *= dim.size;
      }
    }
    return result;
  };
  const [as0, as1, as2] = strides((dim) => dim.aReal);
  const [bs0, bs1, bs2] = strides((dim) => dim.bReal);
  return {
    outShape,
    args: [dims[0]!.size, dims[1]!.size, dims[2]!.size, as0!, as1!, as2!, bs0!, bs1!, bs2!],
  };
}
