/** Plain float64 JavaScript references the loss tests compare against. */

export function logSumExp(row: readonly number[]): number {
  const max = Math.max(...row);
  return max + Math.log(row.reduce((sum, value) => sum + Math.exp(value - max), 0));
}

export function softmax(row: readonly number[]): number[] {
  const lse = logSumExp(row);
  return row.map((value) => Math.exp(value - lse));
}

/** Central finite differences of a float64 function, per element of `x`. */
export function numericGradient(f: (x: number[]) => number, x: readonly number[], h = 1e-6): number[] {
  return x.map((_, index) => {
    const plus = [...x];
    const minus = [...x];
    plus[index]! += h;
    minus[index]! -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

/** A deterministic pseudo-random sequence in [-scale, scale). */
export function values(count: number, seed: number, scale = 3): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32 - 0.5) * 2 * scale;
  });
}

export function chunk(flat: readonly number[], size: number): number[][] {
  return Array.from({ length: flat.length / size }, (_, row) => flat.slice(row * size, (row + 1) * size));
}
