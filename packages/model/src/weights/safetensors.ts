import { CheckpointError } from '../errors.js';
import { bfloat16BytesToFloat32, float16BytesToFloat32 } from './float16.js';

/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, N bytes of JSON
 * `{"__metadata__": {…}, name: {dtype, shape, data_offsets: [begin, end]}, …}` padded with spaces to a multiple of
 * 8, then the tensors' little-endian bytes, contiguous, in offset order.
 */
export type SafetensorsEntry = {
  readonly dtype: string;
  readonly shape: readonly number[];
  /** The tensor's raw bytes (a view into the file buffer). */
  readonly data: Uint8Array;
};

export type SafetensorsFile = {
  readonly metadata: Readonly<Record<string, string>> | null;
  readonly tensors: ReadonlyMap<string, SafetensorsEntry>;
};

const DTYPE_SIZES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};
const MAX_HEADER_BYTES = 100_000_000; // the Rust crate's limit

/** Parses and validates a whole safetensors file; `source` names it in errors. Tensor bytes are not copied. */
export function parseSafetensors(bytes: Uint8Array, source = 'model.safetensors'): SafetensorsFile {
  const fail = (problem: string): never => {
    throw new CheckpointError(`${source}: ${problem}`);
  };
  if (bytes.length < 8) fail(`file has ${bytes.length} bytes, less than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > MAX_HEADER_BYTES) fail(`header length ${headerLength} exceeds ${MAX_HEADER_BYTES} bytes`);
  if (8 + headerLength > bytes.length)
    fail(`header length ${headerLength} runs past the end of the ${bytes.length}-byte file`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (error) {
    fail(`header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');
  const data = bytes.subarray(8 + headerLength);
  let metadata: Record<string, string> | null = null;
  const infos: { name: string; dtype: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = value as Record<string, string>;
      continue;
    }
    const info = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const offsets = info.data_offsets;
    const validShape = Array.isArray(info.shape) && info.shape.every((size) => Number.isInteger(size) && size >= 0);
    const validOffsets =
      Array.isArray(offsets) && offsets.length === 2 && offsets.every((o) => Number.isInteger(o) && o >= 0);
    if (typeof info.dtype !== 'string' || !validShape || !validOffsets) {
      fail(`tensor "${name}" needs a dtype string, a shape of sizes and two data_offsets`);
    }
    const [begin, end] = offsets as [number, number];
    infos.push({ name, dtype: info.dtype as string, shape: info.shape as number[], begin, end });
  }
  infos.sort((left, right) => left.begin - right.begin || left.end - right.end);
  const tensors = new Map<string, SafetensorsEntry>();
  let expectedBegin = 0;
  for (const { name, dtype, shape, begin, end } of infos) {
    const size = DTYPE_SIZES[dtype];
    if (size === undefined) fail(`tensor "${name}" has unknown dtype "${dtype}"`);
    if (begin !== expectedBegin || end < begin)
      fail(`tensor "${name}" has data_offsets [${begin}, ${end}], expected to start at ${expectedBegin}`);
    const expectedBytes = shape.reduce((product, dim) => product * dim, 1) * (size as number);
    if (end - begin !== expectedBytes) {
      fail(`tensor "${name}" (${dtype} [${shape}]) needs ${expectedBytes} bytes but data_offsets span ${end - begin}`);
    }
    expectedBegin = end;
    tensors.set(name, { dtype, shape, data: data.subarray(begin, end) });
  }
  if (expectedBegin !== data.length)
    fail(`tensors cover ${expectedBegin} data bytes but the file holds ${data.length}`);
  return { metadata, tensors };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** An entry's values as float32 (F32, F16, BF16 and F64 are accepted); throws `CheckpointError` for other dtypes. */
export function entryToFloat32(entry: SafetensorsEntry, name: string): Float32Array {
  const { dtype, data } = entry;
  switch (dtype) {
    case 'F32': {
      if (LITTLE_ENDIAN) return new Float32Array(data.slice().buffer); // copy: the view may be unaligned
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      return Float32Array.from({ length: data.length / 4 }, (_, index) => view.getFloat32(4 * index, true));
    }
    case 'F16':
      return float16BytesToFloat32(data);
    case 'BF16':
      return bfloat16BytesToFloat32(data);
    case 'F64': {
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      return Float32Array.from({ length: data.length / 8 }, (_, index) => view.getFloat64(8 * index, true));
    }
    default:
      throw new CheckpointError(
        `tensor "${name}" has dtype ${dtype}; only F32, F16, BF16 and F64 can be loaded as weights`,
      );
  }
}

export type Float32Tensor = { readonly shape: readonly number[]; readonly values: Float32Array };

/**
 * Serializes float32 tensors as the Rust `safetensors` crate (and so `save_file` / HF `save_pretrained`) does:
 * tensors sorted by dtype alignment then name, compact JSON header with `__metadata__` first, spaces to 8 bytes.
 */
export function serializeSafetensors(
  tensors: ReadonlyMap<string, Float32Tensor>,
  metadata: Readonly<Record<string, string>> | null = { format: 'pt' },
): Uint8Array {
  const names = [...tensors.keys()].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata !== null) header['__metadata__'] = metadata;
  let offset = 0;
  for (const name of names) {
    const { shape, values } = tensors.get(name) as Float32Tensor;
    const elements = shape.reduce((product, dim) => product * dim, 1);
    if (elements !== values.length) {
      throw new CheckpointError(`tensor "${name}": shape [${shape}] holds ${elements} values, got ${values.length}`);
    }
    header[name] = { dtype: 'F32', shape: [...shape], data_offsets: [offset, offset + 4 * elements] };
    offset += 4 * elements;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = json.length + ((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + padded + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + padded);
  let position = 8 + padded;
  for (const name of names) {
    const { values } = tensors.get(name) as Float32Tensor;
    if (LITTLE_ENDIAN) out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), position);
    else for (const [index, value] of values.entries()) view.setFloat32(position + 4 * index, value, true);
    position += values.byteLength;
  }
  return out;
}
