import type { Float32Tensor } from '../weights/safetensors.js';

/**
 * The weight formula of `test/golden/make-golden.py`, rebuilt here so the fixture need not ship weights:
 * value(name, i) = scale · sin(0.731 i + 1.917 h(name) + 0.25), float64 then rounded to float32, where i is the
 * row-major index in PyTorch layout and h a polynomial hash of the name; scale is 0.08 for weights, 0.05 for biases,
 * and LayerNorm weights are 1 + 0.1 · sin(…).
 */
export function formulaTensor(name: string, shape: readonly number[]): Float32Tensor {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) as number)) % 1000003;
  const j = hash % 997;
  const lower = name.toLowerCase();
  const isNormWeight = name.endsWith('.weight') && (lower.includes('layernorm') || lower.includes('layer_norm'));
  const count = shape.reduce((product, size) => product * size, 1);
  const values = new Float32Array(count);
  for (let index = 0; index < count; index++) {
    const base = Math.sin(0.731 * index + 1.917 * j + 0.25);
    values[index] = isNormWeight ? 1 + 0.1 * base : name.endsWith('bias') ? 0.05 * base : 0.08 * base;
  }
  return { shape, values };
}
