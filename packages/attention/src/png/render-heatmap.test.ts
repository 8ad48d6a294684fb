import { loadImage } from '@napi-rs/canvas';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { heatmapColor } from '../colors.js';
import { computeAttention } from '../compute-attention.js';
import { tinyModel, tinyTokenizer } from '../test-support/tiny-model.js';
import {
  heatmapFileName,
  heatmapFontsAvailable,
  heatmapLayout,
  heatmapScaleTop,
  renderHeatmapPng,
} from './render-heatmap.js';

const tokenizer = tinyTokenizer();
const model = tinyModel(tokenizer.getVocabSize());
afterAll(() => model.dispose());

/** Decodes a PNG into RGBA pixels with Skia (not our own code). */
async function decode(
  png: Buffer,
): Promise<{ width: number; height: number; pixel: (x: number, y: number) => number[] }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  return {
    width: image.width,
    height: image.height,
    pixel: (x, y) => Array.from(data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4)),
  };
}

function rgb(css: string): number[] {
  const match = /^rgb\((\d+), (\d+), (\d+)\)$/.exec(css);
  if (match === null) throw new Error(`not an rgb() colour: ${css}`);
  return [Number(match[1]), Number(match[2]), Number(match[3]), 255];
}

describe('renderHeatmapPng', () => {
  const document = computeAttention(model, tokenizer, 'the cat sat on the mat', {
    textPair: 'a dog',
    layers: [1],
    heads: [1, 3],
  });

  it.each(['head', 'absolute'] as const)(
    'paints every cell in the colour of its probability (%s scale)',
    async (scale) => {
      const png = await renderHeatmapPng(document, 0, 1, { scale });
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      const image = await decode(png);
      const layout = heatmapLayout(document);
      expect([image.width, image.height]).toEqual([layout.width, layout.height]);
      const rows = document.attention[0]![1]!;
      const top = heatmapScaleTop(rows, { scale });
      expect(top).toBe(scale === 'absolute' ? 1 : Math.max(...rows.flat()));
      rows.forEach((row, query) => {
        row.forEach((weight, key) => {
          const x = layout.gridX + key * layout.cell + Math.floor(layout.cell / 2);
          const y = layout.gridY + query * layout.cell + Math.floor(layout.cell / 2);
          expect(image.pixel(x, y)).toEqual(rgb(heatmapColor(weight / top)));
        });
      });
    },
  );

  it.runIf(heatmapFontsAvailable())('labels both axes with the tokens', async () => {
    const image = await decode(await renderHeatmapPng(document, 0, 0));
    const layout = heatmapLayout(document);
    const inkIn = (x0: number, y0: number, x1: number, y1: number): number => {
      let ink = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (image.pixel(x, y)[0]! < 128) ink++;
      return ink;
    };
    // Each row label sits left of its row, each column label above its column.
    for (let index = 0; index < document.tokens.length; index++) {
      const top = layout.gridY + index * layout.cell;
      expect(inkIn(layout.gridX - 60, top, layout.gridX - 2, top + layout.cell)).toBeGreaterThan(5);
      const left = layout.gridX + index * layout.cell;
      expect(inkIn(left, layout.gridY - 60, left + layout.cell, layout.gridY - 2)).toBeGreaterThan(5);
    }
  });

  it('names files by model layer and head, and rejects indices outside the document', async () => {
    expect(heatmapFileName(document.layers[0]!, document.heads[1]!)).toBe('layer-1-head-3.png');
    await expect(renderHeatmapPng(document, 1, 0)).rejects.toThrow(
      'no attention at layer index 1, head index 0 (the document holds 1 layers × 2 heads)',
    );
  });
});
