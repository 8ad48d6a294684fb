import { createRequire } from 'node:module';
import { BertError, ConfigError, firstLine } from '@bert/core';
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { AttentionDocument } from '../attention-document.js';
import { heatmapColor } from '../colors.js';

const FONT_FAMILY = '"DejaVu Sans", "Liberation Sans", Arial, sans-serif';
const MARGIN = 14;
const TITLE_HEIGHT = 44;
const COLORBAR_WIDTH = 14;
/** Tokens longer than this are shortened with an ellipsis in labels. */
const LABEL_CHARACTERS = 18;

type Canvas = typeof import('@napi-rs/canvas');
let canvasModule: Canvas | undefined;

/**
 * `@napi-rs/canvas` (Skia, a prebuilt native binary per platform), loaded on first use: importing this package for
 * JSON and HTML never needs it, so a platform without the binary only loses the PNGs.
 */
function skia(): Canvas {
  if (canvasModule === undefined) {
    try {
      canvasModule = createRequire(import.meta.url)('@napi-rs/canvas') as Canvas;
    } catch (error) {
      throw new BertError(
        `PNG heatmaps need @napi-rs/canvas, which did not load on ${process.platform}-${process.arch} ` +
          `(${firstLine(error)}); export json and html only`,
      );
    }
  }
  return canvasModule;
}

/** Whether the system has fonts for the token labels (Skia finds none on a machine without fontconfig fonts). */
export function heatmapFontsAvailable(): boolean {
  return skia().GlobalFonts.families.length > 0;
}

/** File name of one head's heatmap, by model layer and head index (0-based): `layer-0-head-3.png`. */
export function heatmapFileName(layer: number, head: number): string {
  return `layer-${layer}-head-${head}.png`;
}

/** Where `renderHeatmapPng` puts things: cell (q, k) covers [gridX + k·cell, +cell) × [gridY + q·cell, +cell). */
export interface HeatmapLayout {
  readonly cell: number;
  readonly fontSize: number;
  /** Every k-th token is labelled when cells are smaller than the text. */
  readonly labelStep: number;
  readonly gridX: number;
  readonly gridY: number;
  readonly width: number;
  readonly height: number;
}

/** The pixel layout of a document's heatmaps (the same for every head). */
export function heatmapLayout(document: AttentionDocument): HeatmapLayout {
  const tokenCount = document.tokens.length; // T
  const cell = Math.max(4, Math.min(32, Math.floor(720 / tokenCount)));
  const fontSize = Math.max(7, Math.min(13, cell - 3));
  const labelStep = Math.max(1, Math.ceil((fontSize + 1) / cell));
  const measure = skia().createCanvas(1, 1).getContext('2d');
  measure.font = `${fontSize}px ${FONT_FAMILY}`;
  const widest = Math.max(24, ...document.tokens.map((token) => measure.measureText(shorten(token)).width));
  const labelWidth = Math.ceil(widest) + 8;
  const grid = tokenCount * cell;
  const gridX = MARGIN + labelWidth;
  const gridY = TITLE_HEIGHT + labelWidth;
  const width = gridX + grid + 18 + COLORBAR_WIDTH + 44 + MARGIN;
  const height = gridY + Math.max(grid, 120) + MARGIN + 18;
  return { cell, fontSize, labelStep, gridX, gridY, width, height };
}

export interface HeatmapOptions {
  /**
   * Top of the colour scale: `'head'` (default) its largest probability, so the near-uniform heads of an early
   * checkpoint still show structure; `'absolute'` 1, so images of different heads compare directly.
   */
  readonly scale?: 'head' | 'absolute';
}

/** The probability drawn in the darkest colour: the head's largest, or 1 with `scale: 'absolute'`. */
export function heatmapScaleTop(rows: readonly (readonly number[])[], options: HeatmapOptions = {}): number {
  return options.scale === 'absolute' ? 1 : Math.max(...rows.map((row) => Math.max(...row)));
}

/**
 * One head's attention as a PNG heatmap (drawn with Skia through `@napi-rs/canvas`): query tokens label the rows,
 * key tokens the columns, colour is the probability from 0 to `heatmapScaleTop` (the colorbar says which).
 * `layerIndex` / `headIndex` index `document.attention` (not the model's numbering, which the title shows).
 */
export async function renderHeatmapPng(
  document: AttentionDocument,
  layerIndex: number,
  headIndex: number,
  options: HeatmapOptions = {},
): Promise<Buffer> {
  const rows = document.attention[layerIndex]?.[headIndex];
  if (rows === undefined) {
    throw new ConfigError(
      `no attention at layer index ${layerIndex}, head index ${headIndex} ` +
        `(the document holds ${document.layers.length} layers × ${document.heads.length} heads)`,
    );
  }
  const tokenCount = document.tokens.length; // T
  const { cell, fontSize, labelStep, gridX, gridY, width, height } = heatmapLayout(document);
  const labels = document.tokens.map(shorten);
  const grid = tokenCount * cell;
  const colorbarX = gridX + grid + 18;
  const top = heatmapScaleTop(rows, options);
  const canvas = skia().createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  drawTitle(context, document, layerIndex, headIndex);

  for (let query = 0; query < tokenCount; query++) {
    const row = rows[query]!;
    for (let key = 0; key < tokenCount; key++) {
      context.fillStyle = heatmapColor(row[key]! / top);
      context.fillRect(gridX + key * cell, gridY + query * cell, cell, cell);
    }
  }
  context.strokeStyle = '#9aa5b1';
  context.lineWidth = 1;
  context.strokeRect(gridX - 0.5, gridY - 0.5, grid + 1, grid + 1);

  context.font = `${fontSize}px ${FONT_FAMILY}`;
  context.textBaseline = 'middle';
  for (let index = 0; index < tokenCount; index += labelStep) {
    context.fillStyle = document.attention_mask[index] === 0 ? '#9aa5b1' : '#1f2933';
    // Rows: query tokens, right-aligned against the grid.
    context.textAlign = 'right';
    context.fillText(labels[index]!, gridX - 5, gridY + (index + 0.5) * cell);
    // Columns: key tokens, written upwards above the grid.
    context.save();
    context.translate(gridX + (index + 0.5) * cell, gridY - 5);
    context.rotate(-Math.PI / 2);
    context.textAlign = 'left';
    context.fillText(labels[index]!, 0, 0);
    context.restore();
  }
  drawColorbar(context, colorbarX, gridY, Math.max(grid, 120), top);
  context.fillStyle = '#52606d';
  context.font = `11px ${FONT_FAMILY}`;
  context.textAlign = 'left';
  context.fillText('rows: query (attends from) · columns: key (attends to)', MARGIN, height - MARGIN);
  return canvas.encode('png');
}

function drawTitle(context: SKRSContext2D, document: AttentionDocument, layerIndex: number, headIndex: number): void {
  context.fillStyle = '#1f2933';
  context.textAlign = 'left';
  context.textBaseline = 'alphabetic';
  context.font = `bold 15px ${FONT_FAMILY}`;
  const layer = document.layers[layerIndex]!;
  const head = document.heads[headIndex]!;
  context.fillText(`Layer ${layer} · Head ${head}`, MARGIN, 22);
  context.fillStyle = '#52606d';
  context.font = `11px ${FONT_FAMILY}`;
  const { name, num_hidden_layers: layers, num_attention_heads: heads } = document.model;
  context.fillText(`${name} (${layers} layers × ${heads} heads) · ${document.tokens.length} tokens`, MARGIN, 38);
}

function drawColorbar(context: SKRSContext2D, x: number, y: number, height: number, top: number): void {
  for (let offset = 0; offset < height; offset++) {
    context.fillStyle = heatmapColor(1 - offset / (height - 1));
    context.fillRect(x, y + offset, COLORBAR_WIDTH, 1);
  }
  context.strokeStyle = '#9aa5b1';
  context.strokeRect(x - 0.5, y - 0.5, COLORBAR_WIDTH + 1, height + 1);
  context.fillStyle = '#1f2933';
  context.font = `10px ${FONT_FAMILY}`;
  context.textAlign = 'left';
  context.textBaseline = 'middle';
  const digits = top === 1 ? 1 : 3;
  for (const tick of [1, 0.5, 0]) {
    context.fillText((tick * top).toFixed(digits), x + COLORBAR_WIDTH + 5, y + (1 - tick) * height);
  }
}

function shorten(token: string): string {
  const chars = [...token];
  return chars.length <= LABEL_CHARACTERS ? token : `${chars.slice(0, LABEL_CHARACTERS - 1).join('')}…`;
}
