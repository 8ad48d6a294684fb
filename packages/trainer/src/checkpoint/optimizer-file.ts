import { CheckpointError } from '@bert/core';
import {
  entryToFloat32,
  type Float32Tensor,
  type ParameterLayout,
  parseSafetensors,
  serializeSafetensors,
} from '@bert/model';
import type { MomentState, OptimizerState } from '../optim/adamw.js';

export const OPTIMIZER_FILE = 'optimizer.safetensors';
const EXP_AVG = '.exp_avg';
const EXP_AVG_SQ = '.exp_avg_sq';

/**
 * Optimizer moments as safetensors: `<param>.exp_avg` and `<param>.exp_avg_sq` in PyTorch layout (dense kernels
 * [out, in], like the weights beside them), the update count in the metadata (`step`, plus `param_steps` for the
 * rare parameters that missed updates). Transposes are exact, so a round trip is bit-for-bit.
 */
export function serializeOptimizerState(
  state: OptimizerState,
  layouts: ReadonlyMap<string, ParameterLayout>,
): Uint8Array {
  const tensors = new Map<string, Float32Tensor>();
  const otherSteps: Record<string, number> = {};
  for (const [name, moments] of state.parameters) {
    const transpose = layouts.get(name) === 'linear-kernel';
    tensors.set(name + EXP_AVG, toStored(moments.expAvg, moments.shape, transpose));
    tensors.set(name + EXP_AVG_SQ, toStored(moments.expAvgSq, moments.shape, transpose));
    if (moments.step !== state.step) otherSteps[name] = moments.step;
  }
  const metadata: Record<string, string> = { format: 'pt', step: String(state.step) };
  if (Object.keys(otherSteps).length > 0) metadata['param_steps'] = JSON.stringify(otherSteps);
  return serializeSafetensors(tensors, metadata);
}

/** The inverse of `serializeOptimizerState`; `CheckpointError` names `source` and the offending tensor. */
export function parseOptimizerState(
  bytes: Uint8Array,
  layouts: ReadonlyMap<string, ParameterLayout>,
  source = OPTIMIZER_FILE,
): OptimizerState {
  const file = parseSafetensors(bytes, source);
  const step = Number(file.metadata?.['step']);
  if (!Number.isInteger(step) || step < 0)
    throw new CheckpointError(`${source}: metadata "step" (${file.metadata?.['step']}) is not a step count`);
  let otherSteps: Record<string, number> = {};
  try {
    otherSteps = JSON.parse(file.metadata?.['param_steps'] ?? '{}');
  } catch {
    throw new CheckpointError(`${source}: metadata "param_steps" is not JSON`);
  }
  const parameters = new Map<string, MomentState>();
  for (const [tensorName, entry] of file.tensors) {
    if (!tensorName.endsWith(EXP_AVG)) {
      if (!tensorName.endsWith(EXP_AVG_SQ)) throw new CheckpointError(`${source}: unexpected tensor "${tensorName}"`);
      continue;
    }
    const name = tensorName.slice(0, -EXP_AVG.length);
    const squares = file.tensors.get(name + EXP_AVG_SQ);
    if (squares === undefined)
      throw new CheckpointError(`${source}: "${name}${EXP_AVG}" has no "${name}${EXP_AVG_SQ}"`);
    const transpose = layouts.get(name) === 'linear-kernel';
    const expAvg = fromStored(entryToFloat32(entry, tensorName), entry.shape, transpose);
    const expAvgSq = fromStored(entryToFloat32(squares, name + EXP_AVG_SQ), squares.shape, transpose);
    parameters.set(name, {
      step: otherSteps[name] ?? step,
      shape: expAvg.shape,
      expAvg: expAvg.values,
      expAvgSq: expAvgSq.values,
    });
  }
  for (const tensorName of file.tensors.keys()) {
    if (tensorName.endsWith(EXP_AVG_SQ) && !parameters.has(tensorName.slice(0, -EXP_AVG_SQ.length))) {
      throw new CheckpointError(
        `${source}: "${tensorName}" has no "${tensorName.slice(0, -EXP_AVG_SQ.length)}${EXP_AVG}"`,
      );
    }
  }
  return { step, parameters };
}

function toStored(values: Float32Array, shape: readonly number[], transpose: boolean): Float32Tensor {
  if (!transpose) return { shape, values };
  const [rows, columns] = shape as [number, number];
  return { shape: [columns, rows], values: transpose2d(values, rows, columns) };
}

function fromStored(
  values: Float32Array,
  shape: readonly number[],
  transpose: boolean,
): { shape: number[]; values: Float32Array } {
  if (!transpose) return { shape: [...shape], values };
  if (shape.length !== 2) throw new CheckpointError(`optimizer moments of a dense kernel must be 2-D, got [${shape}]`);
  const [rows, columns] = shape as [number, number];
  return { shape: [columns, rows], values: transpose2d(values, rows, columns) };
}

/** [rows, columns] row-major → [columns, rows]. */
function transpose2d(values: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++)
      out[column * rows + row] = values[row * columns + column] as number;
  }
  return out;
}
