import { extname } from 'node:path';
import { DataError } from '@bert/core';
import { parse as parseCsv } from 'csv-parse/sync';
import { BadRows, badRow } from './bad-rows';
import { type ColumnSpec, defaultColumn, resolveColumn } from './column-spec';
import type { BadRowOptions, ReadResult, TextExample } from './labelled-example';
import { readUtf8, splitLines } from './read-text-file';

export const TEXT_FORMATS = ['tsv', 'csv', 'jsonl'] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

export interface TextExampleOptions extends BadRowOptions {
  /** Default: from the extension (`.tsv`, `.csv`, `.jsonl` / `.json`). */
  readonly format?: TextFormat;
  /** Default: the first of `sentence`, `text`, `sentence1` in the header, else column 0. */
  readonly textColumn?: ColumnSpec;
  /** The second text of a pair. Default: none; with `pair: true`, `sentence2` / `text_pair` / `text2`, else column 1. */
  readonly textPairColumn?: ColumnSpec;
  /** Read a second text per row (sentence-pair tasks). Default: whether `textPairColumn` is given. */
  readonly pair?: boolean;
  /** Default: `label` in the header, else the last column. `null`: the file has no labels. */
  readonly labelColumn?: ColumnSpec | null;
  /** TSV/CSV: the first row names the columns. Default true. */
  readonly header?: boolean;
}

/** `.tsv` → tsv, …; other extensions need `format`. */
export function textFormatOf(path: string, format: TextFormat | undefined): TextFormat {
  if (format !== undefined) return format;
  const extension = extname(path).toLowerCase();
  if (extension === '.tsv' || extension === '.csv') return extension.slice(1) as TextFormat;
  if (extension === '.jsonl' || extension === '.json' || extension === '.ndjson') return 'jsonl';
  throw new DataError(
    `${path}: cannot tell the format from "${extension || 'no extension'}"; give the format (tsv, csv or jsonl)`,
  );
}

/** A parsed record: its fields and the line it starts on. */
interface Row {
  readonly fields: readonly string[];
  readonly line: number;
}

/**
 * TSV as GLUE writes it: fields split on tabs, no quoting (a `"` is an ordinary character), blank lines skipped,
 * trailing empty fields (trailing tabs) dropped. CRLF and a BOM are accepted (`readUtf8`, `splitLines`).
 */
function tsvRows(text: string): Row[] {
  const rows: Row[] = [];
  for (const { text: line, number } of splitLines(text)) {
    if (line.trim() === '') continue;
    const fields = line.split('\t');
    while (fields.length > 1 && fields[fields.length - 1] === '') fields.pop();
    rows.push({ fields, line: number });
  }
  return rows;
}

/** RFC 4180 CSV via `csv-parse` (quotes, doubled quotes, newlines in quoted fields; stray quotes taken literally). */
function csvRows(text: string, path: string): Row[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n'],
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    throw new DataError(`${path}:${lines ?? '?'}: ${message.split('\n')[0]}`);
  }
  return records.map(({ record, info }) => {
    const fields = [...record];
    while (fields.length > 1 && fields[fields.length - 1] === '') fields.pop();
    // info.lines is the record's last line; a quoted field may span several.
    const newlines = record.reduce((sum, field) => sum + (field.match(/\n/g)?.length ?? 0), 0);
    return { fields, line: info.lines - newlines };
  });
}

/**
 * Reads a TSV, CSV or JSONL file of labelled texts for sequence classification, sentence-pair classification or
 * regression. Columns are chosen by name or 0-based index (`textColumn`, `textPairColumn`, `labelColumn`); labels
 * stay strings (map them with `LabelSet`, or `Number()` for regression). A malformed row (wrong field count, empty
 * text, missing label, invalid JSON) is a `DataError` `file:line: what is wrong`, or a counted warning with
 * `skipBadRows`.
 *
 * @example
 * const { examples } = await readTextExamples('sst2/train.tsv'); // header "sentence<TAB>label"
 * examples[0]; // { text: 'hide new secretions from the parental units', label: '0', file: 'sst2/train.tsv', line: 2 }
 */
export async function readTextExamples(
  path: string,
  options: TextExampleOptions = {},
): Promise<ReadResult<TextExample>> {
  const format = textFormatOf(path, options.format);
  const text = await readUtf8(path);
  if (format === 'jsonl') return readJsonl(text, path, options);
  const rows = format === 'tsv' ? tsvRows(text) : csvRows(text, path);
  const header = options.header === false ? undefined : rows.shift();
  const headerNames = header?.fields.map((field) => field.trim());
  const first = rows[0];
  if (first === undefined)
    throw new DataError(`${path}: no data rows${header === undefined ? '' : ' after the header'}`);
  const width = headerNames?.length ?? first.fields.length;
  const columns = resolveColumns(options, headerNames, width, path);
  const badRows = new BadRows(options);
  const examples: TextExample[] = [];
  for (const row of rows) {
    const example = badRows.guard(() => {
      if (row.fields.length !== width) {
        const expected = header === undefined ? `the first row's ${width}` : `${width} (the header's)`;
        throw badRow(
          path,
          row.line,
          `has ${row.fields.length} field${row.fields.length === 1 ? '' : 's'}, expected ${expected}`,
        );
      }
      const field = (index: number) => (row.fields[index] as string).trim();
      return buildExample(path, row.line, columns, field, headerNames);
    });
    if (example !== undefined) examples.push(example);
  }
  return { examples, skipped: badRows.skipped };
}

interface ResolvedColumns {
  readonly text: number;
  readonly textPair: number | undefined;
  readonly label: number | undefined;
}

function resolveColumns(
  options: TextExampleOptions,
  header: readonly string[] | undefined,
  width: number,
  path: string,
): ResolvedColumns {
  const pair = options.pair ?? options.textPairColumn !== undefined;
  const text = resolveColumn(
    options.textColumn ?? defaultColumn(header, ['sentence', 'text', 'sentence1'], 0),
    header,
    width,
    'text column',
    path,
  );
  const textPair = pair
    ? resolveColumn(
        options.textPairColumn ?? defaultColumn(header, ['sentence2', 'text_pair', 'text2'], 1),
        header,
        width,
        'text pair column',
        path,
      )
    : undefined;
  let label: number | undefined;
  if (options.labelColumn !== null) {
    const spec = options.labelColumn ?? defaultColumn(header, ['label'], width - 1);
    label = resolveColumn(spec, header, width, 'label column', path);
    if (options.labelColumn === undefined && (label === text || label === textPair)) label = undefined;
  }
  if (textPair === text) throw new DataError(`${path}: the text and text pair columns are both column ${text}`);
  if (label !== undefined && (label === text || label === textPair)) {
    throw new DataError(`${path}: the label column (${label}) is also a text column`);
  }
  return { text, textPair, label };
}

function buildExample(
  file: string,
  line: number,
  columns: ResolvedColumns,
  field: (index: number) => string,
  header: readonly string[] | undefined,
): TextExample {
  const name = (index: number) => (header === undefined ? `column ${index}` : `column "${header[index]}"`);
  const text = field(columns.text);
  if (text === '') throw badRow(file, line, `empty text in ${name(columns.text)}`);
  const example: { -readonly [K in keyof TextExample]: TextExample[K] } = { text, file, line };
  if (columns.textPair !== undefined) {
    const textPair = field(columns.textPair);
    if (textPair === '') throw badRow(file, line, `empty text pair in ${name(columns.textPair)}`);
    example.textPair = textPair;
  }
  if (columns.label !== undefined) {
    const label = field(columns.label);
    if (label === '') throw badRow(file, line, `empty label in ${name(columns.label)}`);
    example.label = label;
  }
  return example;
}

/** JSONL: one JSON object per line; columns are keys (an index picks the n-th key of the first object). */
function readJsonl(text: string, path: string, options: TextExampleOptions): ReadResult<TextExample> {
  const badRows = new BadRows(options);
  const examples: TextExample[] = [];
  let columns: { text: string; textPair: string | undefined; label: string | undefined } | undefined;
  for (const { text: line, number } of splitLines(text)) {
    if (line.trim() === '') continue;
    const example = badRows.guard(() => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw badRow(path, number, `not valid JSON (${(error as Error).message})`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw badRow(
          path,
          number,
          `expected a JSON object, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`,
        );
      }
      const record = value as Record<string, unknown>;
      columns ??= jsonColumns(options, Object.keys(record), path);
      const keys = columns;
      const read = (key: string, what: string, required: boolean): string | undefined => {
        const entry = record[key];
        if (entry === undefined || entry === null) {
          if (required) throw badRow(path, number, `no "${key}" (${what})`);
          return undefined;
        }
        if (typeof entry !== 'string' && typeof entry !== 'number' && typeof entry !== 'boolean') {
          throw badRow(path, number, `"${key}" (${what}) must be a string or a number, got ${JSON.stringify(entry)}`);
        }
        const string = String(entry).trim();
        if (string === '') throw badRow(path, number, `empty ${what} in "${key}"`);
        return string;
      };
      const example: { -readonly [K in keyof TextExample]: TextExample[K] } = {
        text: read(keys.text, 'text', true) as string,
        file: path,
        line: number,
      };
      if (keys.textPair !== undefined) example.textPair = read(keys.textPair, 'text pair', true) as string;
      if (keys.label !== undefined) {
        const label = read(keys.label, 'label', options.labelColumn !== undefined);
        if (label !== undefined) example.label = label;
      }
      return example;
    });
    if (example !== undefined) examples.push(example);
  }
  if (examples.length === 0 && badRows.skipped === 0) throw new DataError(`${path}: no data rows`);
  return { examples, skipped: badRows.skipped };
}

function jsonColumns(options: TextExampleOptions, keys: readonly string[], path: string) {
  const key = (spec: ColumnSpec, flag: string) => {
    if (typeof spec === 'string' && !/^\d+$/.test(spec)) return spec;
    return keys[resolveColumn(spec, keys, keys.length, flag, path)] as string;
  };
  const pair = options.pair ?? options.textPairColumn !== undefined;
  return {
    // By name only: the keys of one object say nothing about the others'.
    text: key(
      options.textColumn ?? ['sentence', 'text', 'sentence1'].find((name) => keys.includes(name)) ?? 'text',
      'text column',
    ),
    textPair: pair
      ? key(
          options.textPairColumn ??
            ['sentence2', 'text_pair', 'text2'].find((name) => keys.includes(name)) ??
            'text_pair',
          'text pair column',
        )
      : undefined,
    label: options.labelColumn === null ? undefined : key(options.labelColumn ?? 'label', 'label column'),
  };
}
