import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import {
  ATTENTION_HTML_FILE,
  ATTENTION_JSON_FILE,
  checkIndices,
  exportAttention,
  HEATMAP_DIR,
  loadAttentionModel,
} from '@bert/attention';
import { type CliIo as BaseCliIo, PROCESS_IO, reportFailure, UsageError } from '@bert/cli';
import { ConfigError } from '@bert/core';
import { initBackend } from '@bert/model';
import { defaultModelDir } from './default-model.js';
import { type ExportCommand, parseCommand, USAGE } from './options.js';

/** Where the CLI writes (tests capture it) and the directory relative paths start from. */
export interface CliIo extends BaseCliIo {
  readonly cwd?: string;
}

/** `bert-attention …`: returns the exit code (0 done, 1 runtime failure, 2 usage error). */
export async function main(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    const command = parseCommand(argv);
    if (command.kind === 'help') {
      io.out(USAGE);
      return 0;
    }
    if (command.kind === 'version') {
      const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
      io.out(pkg.version);
      return 0;
    }
    await runExport(command.options, io);
    return 0;
  } catch (error) {
    const code = reportFailure('bert-attention', error, io, verbose);
    if (error instanceof UsageError) io.err('Run bert-attention --help for usage.');
    return code;
  }
}

async function runExport(options: ExportCommand, io: CliIo): Promise<void> {
  const cwd = io.cwd ?? process.cwd();
  const shown = (path: string) => {
    const fromCwd = relative(cwd, path);
    return fromCwd.startsWith('..') ? path : fromCwd || '.';
  };
  const warn = (message: string) => io.err(`bert-attention: warning: ${message}`);
  let modelDir: string;
  if (options.model === undefined) {
    modelDir = await defaultModelDir(cwd);
    io.err(`bert-attention: no --model given, using the default pretraining run's ${shown(modelDir)}`);
  } else {
    modelDir = resolve(cwd, options.model);
    if (!existsSync(modelDir)) throw new UsageError(`--model ${options.model}: no such directory`);
  }
  const tokenizerFile = options.tokenizer === undefined ? undefined : resolve(cwd, options.tokenizer);
  if (tokenizerFile !== undefined && !existsSync(tokenizerFile)) {
    throw new UsageError(`--tokenizer ${options.tokenizer}: no such file`);
  }
  const output = resolve(cwd, options.output);
  if (existsSync(output) && !statSync(output).isDirectory()) {
    throw new UsageError(`--output ${options.output} is a file, not a directory`);
  }

  await initBackend(options.backend === undefined ? {} : { prefer: options.backend });
  const loaded = await loadAttentionModel(modelDir, {
    ...(tokenizerFile === undefined ? {} : { tokenizerFile }),
    ...(options.verbose ? { onWarning: warn } : {}),
  });
  try {
    const { config } = loaded.model;
    const [layers, heads] = asUsage(() => [
      checkIndices(options.layers, config.numHiddenLayers, 'layers', '--layers'),
      checkIndices(options.heads, config.numAttentionHeads, 'heads', '--heads'),
    ]);
    const { document, files } = await exportAttention(loaded.model, loaded.tokenizer, options.text, {
      outputDir: output,
      formats: options.formats,
      layers,
      heads,
      modelName: loaded.name,
      truncation: options.truncation,
      heatmapScale: options.heatmapScale,
      onWarning: warn,
      ...(options.textPair === undefined ? {} : { textPair: options.textPair }),
    });
    const { model } = document;
    io.out(
      `bert-attention: ${model.name} (${model.architecture}, ${model.num_hidden_layers} layers × ` +
        `${model.num_attention_heads} heads), ${document.tokens.length} tokens, ` +
        `${layers.length} × ${heads.length} heads exported → ${shown(output)}`,
    );
    if (options.formats.includes('json')) {
      io.out(`  ${ATTENTION_JSON_FILE.padEnd(16)}bertviz layout: attention[layer][head][query][key], rows sum to 1`);
    }
    if (options.formats.includes('html')) {
      io.out(`  ${ATTENTION_HTML_FILE.padEnd(16)}open in a browser: head view and model view, works offline`);
    }
    const pngs = files.filter((file) => file.endsWith('.png')).length;
    if (pngs > 0) io.out(`  ${`${HEATMAP_DIR}/`.padEnd(16)}${pngs} PNG heatmaps (layer-L-head-H.png)`);
  } finally {
    loaded.model.dispose();
  }
}

/** Runs `check`, turning its `ConfigError` (an out-of-range flag value) into a usage error. */
function asUsage<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}
