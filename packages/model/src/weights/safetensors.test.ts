import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../errors.js';
import { bfloat16BytesToFloat32, decodeBFloat16, decodeFloat16, float16BytesToFloat32 } from './float16.js';
import { entryToFloat32, parseSafetensors, serializeSafetensors } from './safetensors.js';

const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));
const u64 = (value: number) => [value & 0xff, (value >> 8) & 0xff, 0, 0, 0, 0, 0, 0];
const f32 = (...values: number[]) => Array.from(new Uint8Array(new Float32Array(values).buffer));

describe('serializeSafetensors: byte layout of the Rust safetensors crate', () => {
  it('matches the crate test vector `test_serialization` (64-byte header, no padding)', () => {
    const bytes = serializeSafetensors(
      new Map([['attn.0', { shape: [1, 2, 3], values: new Float32Array([0, 1, 2, 3, 4, 5]) }]]),
      null,
    );
    const expected = [
      64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100, 116, 121, 112, 101, 34, 58, 34,
      70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34, 58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95,
      111, 102, 102, 115, 101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0,
      64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
    ];
    expect(Array.from(bytes)).toEqual(expected);
  });

  it('pads the header with spaces to 8 bytes (crate vector `test_serialization_forced_alignement`)', () => {
    const bytes = serializeSafetensors(
      new Map([['attn0', { shape: [1, 1, 2, 3], values: new Float32Array([0, 1, 2, 3, 4, 5]) }]]),
      null,
    );
    const header = '{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}';
    expect(header.length).toBe(65);
    expect(Array.from(bytes)).toEqual([...u64(72), ...ascii(header), ...Array(7).fill(32), ...f32(0, 1, 2, 3, 4, 5)]);
  });

  it('writes __metadata__ first and tensors sorted by name, as HF save_pretrained does', () => {
    const bytes = serializeSafetensors(
      new Map([
        ['b.weight', { shape: [2], values: new Float32Array([1.5, -2]) }],
        ['a.bias', { shape: [], values: new Float32Array([0.25]) }],
      ]),
    );
    const header =
      '{"__metadata__":{"format":"pt"},"a.bias":{"dtype":"F32","shape":[],"data_offsets":[0,4]},' +
      '"b.weight":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}';
    const padding = (8 - (header.length % 8)) % 8;
    expect(Array.from(bytes)).toEqual([
      ...u64(header.length + padding),
      ...ascii(header),
      ...Array(padding).fill(32),
      ...f32(0.25, 1.5, -2),
    ]);
    const parsed = parseSafetensors(bytes);
    expect(parsed.metadata).toEqual({ format: 'pt' });
    expect([...parsed.tensors.keys()]).toEqual(['a.bias', 'b.weight']);
    expect(Array.from(entryToFloat32(parsed.tensors.get('b.weight')!, 'b.weight'))).toEqual([1.5, -2]);
  });
});

describe('parseSafetensors validation', () => {
  const valid = () => serializeSafetensors(new Map([['w', { shape: [2], values: new Float32Array([1, 2]) }]]), null);
  it.each<[string, (bytes: Uint8Array) => Uint8Array, string]>([
    ['too short', () => new Uint8Array(4), 'f.safetensors: file has 4 bytes, less than the 8-byte header length'],
    [
      'header past the end',
      (b) => {
        const c = b.slice();
        c[0] = 200;
        return c;
      },
      'runs past the end',
    ],
    ['truncated data', (b) => b.slice(0, b.length - 1), 'tensors cover 8 data bytes but the file holds 7'],
    [
      'bad JSON',
      (b) => {
        const c = b.slice();
        c[8] = 0x5b;
        return c;
      },
      'header is not valid UTF-8 JSON',
    ],
  ])('rejects %s with a CheckpointError naming the file', (_name, corrupt, message) => {
    expect(() => parseSafetensors(corrupt(valid()), 'f.safetensors')).toThrow(CheckpointError);
    expect(() => parseSafetensors(corrupt(valid()), 'f.safetensors')).toThrow(message);
  });

  it('rejects offsets that do not match dtype × shape', () => {
    const header = '{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}';
    const bytes = new Uint8Array([...u64(header.length), ...ascii(header), ...f32(1, 2)]);
    expect(() => parseSafetensors(bytes, 'f')).toThrow(
      'f: tensor "w" (F32 [3]) needs 12 bytes but data_offsets span 8',
    );
  });
});

describe('16-bit float decoding (hand-computed values)', () => {
  it.each([
    [0x3c00, 1],
    [0xc000, -2],
    [0x3555, 0.333251953125], // 1.0101010101₂ × 2⁻²
    [0x7bff, 65504], // largest finite half
    [0x0400, 2 ** -14], // smallest normal
    [0x0001, 2 ** -24], // smallest subnormal
    [0x8000, -0],
    [0x7c00, Number.POSITIVE_INFINITY],
    [0xfc00, Number.NEGATIVE_INFINITY],
  ])('F16 0x%s → %s', (bits, value) => {
    expect(decodeFloat16(bits)).toBe(value);
  });

  it('F16 NaN', () => expect(decodeFloat16(0x7e00)).toBeNaN());

  it.each([
    [0x3f80, 1],
    [0x4049, 3.140625], // 0x40490000 = 1.5703125 × 2
    [0xc2f7, -123.5],
    [0x0001, 2 ** -133], // smallest subnormal bfloat16
    [0x7f80, Number.POSITIVE_INFINITY],
  ])('BF16 0x%s → %s', (bits, value) => {
    expect(decodeBFloat16(bits)).toBe(value);
  });

  it('decodes little-endian byte arrays and F16/BF16 safetensors entries', () => {
    const bytes = new Uint8Array([0x00, 0x3c, 0x00, 0xc0, 0x55, 0x35]);
    expect(Array.from(float16BytesToFloat32(bytes))).toEqual([1, -2, 0.333251953125]);
    expect(Array.from(bfloat16BytesToFloat32(new Uint8Array([0x80, 0x3f, 0xf7, 0xc2])))).toEqual([1, -123.5]);
    for (const [dtype, data, expected] of [
      ['F16', [0x00, 0x3c, 0x00, 0xc0], [1, -2]],
      ['BF16', [0x49, 0x40, 0x80, 0x3f], [3.140625, 1]],
    ] as const) {
      const header = `{"x":{"dtype":"${dtype}","shape":[2],"data_offsets":[0,4]}}`;
      const padding = (8 - (header.length % 8)) % 8;
      const file = new Uint8Array([
        ...u64(header.length + padding),
        ...ascii(header),
        ...Array(padding).fill(32),
        ...data,
      ]);
      expect(Array.from(entryToFloat32(parseSafetensors(file).tensors.get('x')!, 'x'))).toEqual(expected);
    }
  });

  it('refuses integer tensors as weights', () => {
    expect(() => entryToFloat32({ dtype: 'I64', shape: [1], data: new Uint8Array(8) }, 'ids')).toThrow(
      'tensor "ids" has dtype I64; only F32, F16, BF16 and F64 can be loaded as weights',
    );
  });
});
