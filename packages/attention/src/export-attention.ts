import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '@bert/core';
import { ATTENTION_FORMATS, type AttentionDocument, type AttentionFormat } from './attention-document.js';
import { serializeAttentionJson } from './attention-json.js';
import {
  type AttentionModel,
  type AttentionTokenizer,
  type ComputeAttentionOptions,
  computeAttention,
} from './compute-attention.js';
import { renderAttentionHtml } from './html/render-html.js';
import { heatmapFileName, heatmapFontsAvailable, renderHeatmapPng } from './png/render-heatmap.js';
import { writeFileAtomically } from './write-file-atomically.js';

export const ATTENTION_JSON_FILE = 'attention.json';
export const ATTENTION_HTML_FILE = 'attention.html';
/** Sub-directory of the heatmap PNGs, one `layer-L-head-H.png` per kept layer and head. */
export const HEATMAP_DIR = 'heatmaps';

export interface WriteAttentionOptions {
  /** Default every format: `['json', 'html', 'png']`. */
  readonly formats?: readonly AttentionFormat[];
  /** Top of the heatmaps' colour scale: each head's max (`'head'`, default) or 1 (`'absolute'`). */
  readonly heatmapScale?: 'head' | 'absolute';
  /** Receives notices (no fonts for the PNG labels); default `console.warn`. */
  readonly onWarning?: (message: string) => void;
}

export interface ExportAttentionOptions extends ComputeAttentionOptions, WriteAttentionOptions {
  /** Directory to write into; created if missing. Existing files of the same names are replaced atomically. */
  readonly outputDir: string;
}

export interface AttentionExport {
  readonly document: AttentionDocument;
  /** Every file written, in order: attention.json, attention.html, heatmaps/…png. */
  readonly files: readonly string[];
}

/**
 * Runs `model` on `text` and writes its attention to `options.outputDir`: `attention.json` (bertviz layout),
 * `attention.html` (offline viewer) and `heatmaps/layer-L-head-H.png`. The model runs before the first `await`, so
 * the weights read are those at call time even if training goes on while the files are written.
 *
 * @example
 * const { document, files } = await exportAttention(model, tokenizer, 'the cat sat on the mat', {
 *   outputDir: 'out/attention', textPair: 'it was tired', layers: [0, 1], formats: ['json', 'html'],
 * });
 */
export async function exportAttention(
  model: AttentionModel,
  tokenizer: AttentionTokenizer,
  text: string,
  options: ExportAttentionOptions,
): Promise<AttentionExport> {
  const formats = checkFormats(options.formats);
  const document = computeAttention(model, tokenizer, text, options);
  const files = await writeAttention(document, options.outputDir, { ...options, formats });
  return { document, files };
}

/** Writes an already computed document in the requested formats; returns the paths written. */
export async function writeAttention(
  document: AttentionDocument,
  outputDir: string,
  options: WriteAttentionOptions = {},
): Promise<string[]> {
  const formats = checkFormats(options.formats);
  const files: string[] = [];
  await mkdir(outputDir, { recursive: true });
  if (formats.includes('json')) {
    const path = join(outputDir, ATTENTION_JSON_FILE);
    await writeFileAtomically(path, serializeAttentionJson(document));
    files.push(path);
  }
  if (formats.includes('html')) {
    const path = join(outputDir, ATTENTION_HTML_FILE);
    await writeFileAtomically(path, renderAttentionHtml(document));
    files.push(path);
  }
  if (formats.includes('png')) {
    if (!heatmapFontsAvailable()) {
      (options.onWarning ?? console.warn)('no system fonts found: heatmap PNGs are drawn without token labels');
    }
    const directory = join(outputDir, HEATMAP_DIR);
    await mkdir(directory, { recursive: true });
    const written = new Set<string>();
    for (let layerIndex = 0; layerIndex < document.layers.length; layerIndex++) {
      for (let headIndex = 0; headIndex < document.heads.length; headIndex++) {
        const name = heatmapFileName(document.layers[layerIndex]!, document.heads[headIndex]!);
        const path = join(directory, name);
        const png = await renderHeatmapPng(document, layerIndex, headIndex, { scale: options.heatmapScale ?? 'head' });
        await writeFileAtomically(path, png);
        written.add(name);
        files.push(path);
      }
    }
    // Heatmaps of an earlier export with other layers or heads would now mislead.
    for (const name of await readdir(directory)) {
      if (/^layer-\d+-head-\d+\.png$/.test(name) && !written.has(name)) await rm(join(directory, name));
    }
  }
  return files;
}

/** Where `snapshotAttention` writes step `step` of a run: `<runDir>/attention/step-<step>/`. */
export function attentionSnapshotDir(runDir: string, step: number): string {
  return join(runDir, 'attention', `step-${step}`);
}

export interface AttentionSnapshotOptions extends ComputeAttentionOptions, WriteAttentionOptions {
  /** The training run's output directory. */
  readonly runDir: string;
  /** The optimizer step of the checkpoint; names the directory and `model.name` (`step 150`). */
  readonly step: number;
}

/**
 * Attention of a fixed sentence at one training step, for `--attention-snapshot TEXT`: writes
 * `<runDir>/attention/step-<step>/attention.{json,html}` (add `'png'` to `formats` for heatmaps). Snapshots live
 * beside the checkpoints, not inside them, so checkpoint rotation keeps the history. The model runs synchronously
 * inside this call, so calling it from a (synchronous) checkpoint callback captures exactly that step's weights.
 *
 * @example
 * onCheckpoint: (_path, step) => { void snapshotAttention(model, tokenizer, 'the cat sat', { runDir, step }); }
 */
export function snapshotAttention(
  model: AttentionModel,
  tokenizer: AttentionTokenizer,
  text: string,
  options: AttentionSnapshotOptions,
): Promise<AttentionExport> {
  const { runDir, step, ...rest } = options;
  if (!Number.isInteger(step) || step < 0) throw new ConfigError(`step (${step}) must be an integer ≥ 0`);
  return exportAttention(model, tokenizer, text, {
    modelName: `step ${step}`,
    formats: ['json', 'html'],
    ...rest,
    outputDir: attentionSnapshotDir(runDir, step),
  });
}

function checkFormats(formats: readonly AttentionFormat[] | undefined): readonly AttentionFormat[] {
  if (formats === undefined) return ATTENTION_FORMATS;
  if (formats.length === 0) throw new ConfigError(`formats is empty; choose from ${ATTENTION_FORMATS.join(', ')}`);
  for (const format of formats) {
    if (!ATTENTION_FORMATS.includes(format)) {
      throw new ConfigError(`format "${format}" is not one of ${ATTENTION_FORMATS.join(', ')}`);
    }
  }
  return formats;
}
