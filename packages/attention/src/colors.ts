import { interpolateBlues, interpolateSinebow, schemeCategory10 } from 'd3-scale-chromatic';

/** Entries of the heatmap lookup table: weight w gets `HEATMAP_COLORS[Math.round(w * 255)]`. */
const HEATMAP_STEPS = 256;

/**
 * The attention colormap (d3's sequential Blues: white = 0, dark blue = 1), as `rgb(r, g, b)` strings for weights
 * 0, 1/255, …, 1. Shared by the HTML viewer and the PNG heatmaps so both read the same.
 */
export const HEATMAP_COLORS: readonly string[] = Object.freeze(
  Array.from({ length: HEATMAP_STEPS }, (_, step) => interpolateBlues(step / (HEATMAP_STEPS - 1))),
);

/** The colour of a probability in [0, 1] (clamped). */
export function heatmapColor(weight: number): string {
  const step = Math.round(Math.min(1, Math.max(0, weight)) * (HEATMAP_STEPS - 1));
  return HEATMAP_COLORS[step]!;
}

/** One colour per head: d3's category10 (as bertviz) up to 10 heads, evenly spaced sinebow hues beyond. */
export function headColors(count: number): string[] {
  if (count <= schemeCategory10.length) return schemeCategory10.slice(0, count);
  return Array.from({ length: count }, (_, head) => interpolateSinebow(head / count));
}
