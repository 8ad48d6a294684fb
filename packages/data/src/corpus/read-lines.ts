import { createReadStream } from 'node:fs';
import { DataError } from '@bert/core';

/** One line of a text file, without its `\n` / `\r\n`, and its 1-based number. */
export interface NumberedLine {
  readonly text: string;
  readonly number: number;
}

const NEWLINE = 0x0a;

function describeFsError(path: string, error: unknown): DataError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new DataError(`${path}: no such file or directory`);
  if (code === 'EISDIR') return new DataError(`${path}: is a directory, expected a file`);
  if (code === 'EACCES') return new DataError(`${path}: permission denied`);
  return new DataError(`${path}: ${(error as Error).message}`);
}

/**
 * Streams the lines of a UTF-8 file: memory holds one read buffer (64 KiB) plus the lines of that buffer, so files
 * larger than memory work. A leading BOM is dropped and `\r\n` endings are accepted. Invalid UTF-8 raises a
 * `DataError` naming the file and the line (`corpus.txt:12: not valid UTF-8`) instead of silently becoming U+FFFD.
 */
export async function* readLines(path: string): AsyncGenerator<NumberedLine> {
  // ignoreBOM keeps U+FEFF in the text: each decode() call is a fresh stream, and a BOM-like character at the
  // start of a later buffer must not vanish. The file's own BOM is removed by hand below.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let lineNumber = 0;
  let pending: Uint8Array = new Uint8Array(0);

  function* decodeLines(bytes: Uint8Array): Generator<NumberedLine> {
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      // Find the bad line: decode line by line (only on this error path).
      let start = 0;
      let line = lineNumber;
      while (start <= bytes.length) {
        let end = bytes.indexOf(NEWLINE, start);
        if (end === -1) end = bytes.length;
        line++;
        try {
          decoder.decode(bytes.subarray(start, end));
        } catch {
          throw new DataError(`${path}:${line}: not valid UTF-8`);
        }
        start = end + 1;
      }
      throw new DataError(`${path}:${line}: not valid UTF-8`);
    }
    const lines = text.split('\n');
    for (let line of lines) {
      lineNumber++;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (lineNumber === 1 && line.startsWith('\uFEFF')) line = line.slice(1);
      yield { text: line, number: lineNumber };
    }
  }

  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const lastNewline = chunk.lastIndexOf(NEWLINE);
      if (lastNewline === -1) {
        pending = concat(pending, chunk);
        continue;
      }
      // Decode only complete lines, so a multi-byte character split across two reads is never cut in half.
      const complete = concat(pending, chunk.subarray(0, lastNewline));
      pending = Uint8Array.from(chunk.subarray(lastNewline + 1));
      yield* decodeLines(complete);
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw describeFsError(path, error);
  } finally {
    stream.destroy();
  }
  if (pending.length > 0) yield* decodeLines(pending);
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  if (first.length === 0) return second;
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first, 0);
  joined.set(second, first.length);
  return joined;
}
