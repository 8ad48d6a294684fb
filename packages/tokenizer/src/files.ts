import { closeSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { TokenizerError } from './errors';

function describeFsError(path: string, error: unknown): TokenizerError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new TokenizerError(`${path}: no such file`);
  if (code === 'EISDIR') return new TokenizerError(`${path}: is a directory, expected a file`);
  if (code === 'EACCES') return new TokenizerError(`${path}: permission denied`);
  return new TokenizerError(`${path}: ${(error as Error).message}`);
}

/** Byte offset → 1-based line number, for error messages. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < bytes.length; index++) if (bytes[index] === 0x0a) line++;
  return line;
}

/** Index of the first byte that does not start a valid UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Bisect on decodability: cheap enough for error paths, exact to the byte.
  let low = 0;
  let high = bytes.length;
  try {
    decoder.decode(bytes);
    return -1;
  } catch {
    while (high - low > 4) {
      const middle = (low + high) >> 1;
      try {
        decoder.decode(bytes.subarray(0, middle), { stream: true });
        decoder.decode();
        low = middle;
      } catch {
        high = middle;
      }
    }
    return low;
  }
}

/** Reads a whole file as UTF-8; invalid bytes raise a TokenizerError naming the file and the line. */
export function readUtf8File(path: string): string {
  let bytes: Uint8Array;
  try {
    const size = statSync(path).size;
    bytes = new Uint8Array(size);
    const fd = openSync(path, 'r');
    try {
      let read = 0;
      while (read < size) {
        const count = readSync(fd, bytes, read, size - read, read);
        if (count === 0) break;
        read += count;
      }
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw describeFsError(path, error);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    throw new TokenizerError(`${path}: not valid UTF-8 (first bad byte near line ${lineAt(bytes, offset)})`);
  }
}

/** Writes `content` next to `path` under a temporary name, then renames: a failure never leaves half a file. */
export function writeFileAtomic(path: string, content: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw describeFsError(path, error);
  }
}

/**
 * Streams the lines of `files` with their line endings kept (as HF's trainer reads them), decoding UTF-8 strictly:
 * a bad byte raises a TokenizerError naming the file and line. `onBytes` reports progress in bytes read.
 */
export async function* readLines(files: readonly string[], onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const { createReadStream } = await import('node:fs');
  for (const file of files) {
    try {
      if (!statSync(file).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    } catch (error) {
      throw describeFsError(file, error);
    }
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let pending = '';
    let line = 1;
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        onBytes?.(chunk.length);
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          const offset = firstInvalidUtf8(chunk);
          const newlines = pending.split('\n').length - 1;
          throw new TokenizerError(`${file}: not valid UTF-8 (line ${line + newlines + lineAt(chunk, offset) - 1})`);
        }
        pending += text;
        let start = 0;
        let newline = pending.indexOf('\n');
        while (newline >= 0) {
          yield pending.slice(start, newline + 1);
          line++;
          start = newline + 1;
          newline = pending.indexOf('\n', start);
        }
        pending = pending.slice(start);
      }
      try {
        pending += decoder.decode();
      } catch {
        throw new TokenizerError(`${file}: not valid UTF-8 (truncated character at the end, line ${line})`);
      }
      if (pending !== '') yield pending;
    } finally {
      stream.destroy();
    }
  }
}
