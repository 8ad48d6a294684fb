import { parseArgs } from 'node:util';
import { FlagReader, UsageError } from '@bert/cli';
import { ATTENTION_FORMATS, type AttentionFormat, parseIndexList } from '@bert/attention';
import { BACKEND_NAMES, type BackendName } from '@bert/model';

export const DEFAULT_OUTPUT = 'out/attention';
const TRUNCATION_MODES = ['warn', 'error'] as const;
const HEATMAP_SCALES = ['head', 'absolute'] as const;

export const USAGE = `Usage: bert-attention --text TEXT [options]

Runs a BERT-family model on TEXT and writes its attention: attention.json (bertviz layout), attention.html (a
self-contained viewer: head view + model view) and heatmaps/layer-L-head-H.png.

Options:
  --model DIR          HF-format model directory (config.json, model.safetensors; tokenizer.json here or in the
                       parent directory). Default: the model of the default pretraining run (out/pretrain-mini)
  --tokenizer FILE     tokenizer.json to use instead of the model directory's
  --text TEXT          the sentence to look at (required)
  --text-pair TEXT     a second sentence: [CLS] TEXT [SEP] TEXT-PAIR [SEP]
  --layers LIST        layers to export, 0-based: all (default), 3, 0,2, 1-3
  --heads LIST         heads to export in every layer, same syntax (default all)
  --output DIR         where to write (default ${DEFAULT_OUTPUT}); existing files of the same names are replaced
  --format LIST        comma-separated: ${ATTENTION_FORMATS.join(',')} (default all)
  --truncation MODE    a text longer than the model's positions: warn (cut it, default) or error
  --heatmap-scale S    top of the PNG colour scale: head (each head's max, default) or absolute (1)
  --backend NAME       tensor engine: ${BACKEND_NAMES.join(', ')} (default: the best that loads)
  --verbose            stack traces and weight-loading notices
  --help, --version

Exit codes: 0 done, 1 runtime failure (model, text, backend), 2 usage error (bad flags).`;

/** Validated flags of one export. */
export interface ExportCommand {
  readonly model: string | undefined;
  readonly tokenizer: string | undefined;
  readonly text: string;
  readonly textPair: string | undefined;
  /** undefined = all; checked against the model once its config is read. */
  readonly layers: readonly number[] | undefined;
  readonly heads: readonly number[] | undefined;
  readonly output: string;
  readonly formats: readonly AttentionFormat[];
  readonly truncation: 'warn' | 'error';
  readonly heatmapScale: 'head' | 'absolute';
  readonly backend: BackendName | undefined;
  readonly verbose: boolean;
}

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'export'; readonly options: ExportCommand };

/**
 * Parses and validates argv. Every problem is a one-line `UsageError` naming the flag and quoting the value, e.g.
 * `--format: "svg" is not one of json, html, png`.
 */
export function parseCommand(argv: readonly string[]): Command {
  const values = parseFlags(argv);
  const read = new FlagReader(values);
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const text = values.text;
  if (text === undefined) throw new UsageError('--text is required: the sentence whose attention to export');
  if (text.trim() === '') throw new UsageError('--text is empty: give the sentence whose attention to export');
  if (values['text-pair'] !== undefined && values['text-pair'].trim() === '') {
    throw new UsageError('--text-pair is empty: drop it, or give the second sentence');
  }
  return {
    kind: 'export',
    options: {
      model: nonEmpty('model', values.model),
      tokenizer: nonEmpty('tokenizer', values.tokenizer),
      text,
      textPair: values['text-pair'],
      layers: indexList('layers', values.layers),
      heads: indexList('heads', values.heads),
      output: nonEmpty('output', values.output) ?? DEFAULT_OUTPUT,
      formats: formatList(values.format),
      truncation: read.choice('truncation', TRUNCATION_MODES) ?? 'warn',
      heatmapScale: read.choice('heatmap-scale', HEATMAP_SCALES) ?? 'head',
      backend: read.choice('backend', BACKEND_NAMES),
      verbose: values.verbose,
    },
  };
}

function parseFlags(argv: readonly string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        model: { type: 'string' },
        tokenizer: { type: 'string' },
        text: { type: 'string' },
        'text-pair': { type: 'string' },
        layers: { type: 'string' },
        heads: { type: 'string' },
        output: { type: 'string' },
        format: { type: 'string' },
        truncation: { type: 'string' },
        'heatmap-scale': { type: 'string' },
        backend: { type: 'string' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
        version: { type: 'boolean', default: false },
      },
    });
    if (positionals.length > 0) {
      throw new UsageError(`unexpected argument "${positionals[0]}"; pass the sentence as --text "${positionals[0]}"`);
    }
    return values;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'([^']+)'/.exec(message)?.[1] ?? message;
      throw new UsageError(`unknown flag ${flag}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = /'(--[a-z-]+)/.exec(message)?.[1];
      throw new UsageError(flag === undefined ? message : `${flag} needs a value`);
    }
    throw error;
  }
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`--${flag} is empty`);
  return value;
}

function indexList(flag: string, value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  try {
    return parseIndexList(value, `--${flag}`);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function formatList(value: string | undefined): AttentionFormat[] {
  if (value === undefined) return [...ATTENTION_FORMATS];
  const formats = value.split(',').map((format) => format.trim());
  for (const format of formats) {
    if (!(ATTENTION_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format: "${format}" is not one of ${ATTENTION_FORMATS.join(', ')} (got "${value}")`);
    }
  }
  return [...new Set(formats as AttentionFormat[])];
}
