import { describe, expect, it } from 'vitest';
import { constantSchedule, cosineSchedule, linearSchedule, scheduleFromState } from './schedules.js';

describe('learning-rate schedules (HF transformers optimization.py)', () => {
  it('constant, and constant with warmup', () => {
    expect([0, 1, 1000].map((step) => constantSchedule(3e-4).lrAt(step))).toEqual([3e-4, 3e-4, 3e-4]);
    const warm = constantSchedule(1, { warmupSteps: 4 });
    expect([0, 1, 2, 3, 4, 100].map((step) => warm.lrAt(step))).toEqual([0, 0.25, 0.5, 0.75, 1, 1]);
    expect(warm.state.name).toBe('constant_with_warmup');
  });

  it('linear warmup then linear decay to 0 at totalSteps', () => {
    // W = 10, N = 110: warmup λ = k/10; decay λ = (110 − k)/100.
    const schedule = linearSchedule({ lr: 1e-3, warmupSteps: 10, totalSteps: 110 });
    const points: [number, number][] = [
      [0, 0], // HF's first update has lr 0
      [5, 5e-4],
      [10, 1e-3],
      [60, 5e-4],
      [100, 1e-4],
      [110, 0],
      [150, 0], // clamped at 0 past the end
    ];
    for (const [step, expected] of points) expect(schedule.lrAt(step), `step ${step}`).toBeCloseTo(expected, 15);
  });

  it('warmup then half a cosine', () => {
    // W = 100, N = 1100: progress p = (k − 100)/1000, λ = 0.5·(1 + cos(π·p)).
    const schedule = cosineSchedule({ lr: 2, warmupSteps: 100, totalSteps: 1100 });
    const points: [number, number][] = [
      [0, 0],
      [50, 1],
      [100, 2],
      [350, 2 * 0.5 * (1 + Math.SQRT1_2)], // p = 0.25: cos(π/4) = √½ → 1.7071…
      [600, 1], // p = 0.5
      [850, 2 * 0.5 * (1 - Math.SQRT1_2)], // p = 0.75 → 0.2928…
      [1100, 0],
    ];
    for (const [step, expected] of points) expect(schedule.lrAt(step), `step ${step}`).toBeCloseTo(expected, 12);
    // num_cycles = 1: a full cosine, back up to lr at the end.
    expect(cosineSchedule({ lr: 1, totalSteps: 100, numCycles: 1 }).lrAt(100)).toBeCloseTo(1, 12);
  });

  it('round-trips through its saved state and rejects bad values quoting them', () => {
    const schedule = cosineSchedule({ lr: 5e-5, warmupSteps: 3, totalSteps: 40 });
    const rebuilt = scheduleFromState(JSON.parse(JSON.stringify(schedule.state)));
    expect([7, 20, 39].map((step) => rebuilt.lrAt(step))).toEqual([7, 20, 39].map((step) => schedule.lrAt(step)));
    expect(() => linearSchedule({ lr: 1, warmupSteps: 20, totalSteps: 10 })).toThrow(
      'warmupSteps (20) exceeds totalSteps (10)',
    );
    expect(() => constantSchedule(-1)).toThrow('learning rate (-1) must be finite and ≥ 0');
    expect(() => constantSchedule(1).lrAt(1.5)).toThrow('step (1.5) must be an integer ≥ 0');
  });
});
