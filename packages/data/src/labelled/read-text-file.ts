import { readFile } from 'node:fs/promises';
import { DataError } from '@bert/core';

/**
 * A whole UTF-8 text file as a string without its BOM; an invalid byte is a `DataError` naming the line. Labelled
 * data sets are small (SST-2's train split is 3.4 MB), so readers parse them in memory.
 */
export async function readUtf8(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DataError(`${path}: no such file`);
    if (code === 'EISDIR') throw new DataError(`${path}: is a directory, expected a file`);
    throw new DataError(`${path}: cannot read (${code ?? (error as Error).message})`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // Only on this error path: find the first line that does not decode.
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let start = 0;
    for (let line = 1; ; line++) {
      const end = bytes.indexOf(0x0a, start);
      try {
        decoder.decode(bytes.subarray(start, end === -1 ? bytes.length : end));
      } catch {
        throw new DataError(`${path}:${line}: not valid UTF-8`);
      }
      if (end === -1) throw new DataError(`${path}: not valid UTF-8`);
      start = end + 1;
    }
  }
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Lines without `\n` / `\r\n`, numbered from 1. */
export function splitLines(text: string): { text: string; number: number }[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line, index) => ({ text: line.endsWith('\r') ? line.slice(0, -1) : line, number: index + 1 }));
}
