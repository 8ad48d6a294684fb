/**
 * Decoders for the 16-bit floats found in checkpoints. Both return exact float32 values (every F16 and BF16 number is
 * representable in float32).
 *
 * @example decodeFloat16(0x3c00) // 1;  decodeFloat16(0xc000) // -2;  decodeFloat16(0x0001) // 2^-24
 * @example decodeBFloat16(0x3f80) // 1;  decodeBFloat16(0x4049) // 3.140625
 */
export function decodeFloat16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** BF16 is the upper half of a float32: shift the bits into place. */
export function decodeBFloat16(bits: number): number {
  scratchBits[0] = (bits & 0xffff) << 16;
  return scratchFloat[0] as number;
}

const scratchBits = new Uint32Array(1);
const scratchFloat = new Float32Array(scratchBits.buffer);

let float16Table: Float32Array | undefined;

/** Little-endian F16 bytes → float32 values (through a 64 K-entry table built on first use). */
export function float16BytesToFloat32(bytes: Uint8Array): Float32Array {
  if (float16Table === undefined) {
    float16Table = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) float16Table[bits] = decodeFloat16(bits);
  }
  const table = float16Table;
  const out = new Float32Array(bytes.length / 2);
  for (let index = 0; index < out.length; index++) {
    out[index] = table[(bytes[2 * index] as number) | ((bytes[2 * index + 1] as number) << 8)] as number;
  }
  return out;
}

/** Little-endian BF16 bytes → float32 values. */
export function bfloat16BytesToFloat32(bytes: Uint8Array): Float32Array {
  const bits = new Uint32Array(bytes.length / 2);
  for (let index = 0; index < bits.length; index++) {
    bits[index] = (((bytes[2 * index] as number) | ((bytes[2 * index + 1] as number) << 8)) << 16) >>> 0;
  }
  return new Float32Array(bits.buffer);
}
