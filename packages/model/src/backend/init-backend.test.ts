import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initBackend } from './init-backend.js';

describe('initBackend', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.doUnmock('./load-backend.js');
    vi.resetModules();
  });

  it('selects wasm here, with reasons for the native backends it skipped', async () => {
    const info = await initBackend();
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.simd).toBe(true);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(info.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'tensorflow']);
    expect(info.skipped[0]?.reason).toMatch(/tfjs-node-gpu is not installed/);
    expect(info.versions['tfjs-backend-wasm']).toBe('4.22.0');
    expect(info.kernelFixes).toContain('UnsortedSegmentSum');
  });

  it('is idempotent: repeated calls share one selection', async () => {
    expect(await initBackend()).toBe(await initBackend());
  });

  it('fails loudly, in one line, when the requested backend cannot load', async () => {
    await expect(initBackend({ prefer: 'tensorflow' })).rejects.toThrow(
      /^backend 'tensorflow' \(requested by the caller\) cannot load: @tensorflow\/tfjs-node is not installed$/,
    );
    vi.stubEnv('BERT_BACKEND', 'tensorflow-gpu');
    await expect(initBackend()).rejects.toThrow(/requested by BERT_BACKEND=tensorflow-gpu/);
    vi.stubEnv('BERT_BACKEND', 'tpu');
    expect(() => initBackend()).toThrow(/BERT_BACKEND='tpu' is not a backend/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('switches to an explicitly requested cpu backend without warning, and back', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const cpu = await initBackend({ prefer: 'cpu' });
    expect([cpu.name, cpu.reason, tf.getBackend()]).toEqual(['cpu', 'requested by the caller', 'cpu']);
    expect(warn).not.toHaveBeenCalled();
    await tf.setBackend('wasm');
    warn.mockRestore();
  });

  it('says why and warns when it falls back to cpu', async () => {
    vi.doMock('./load-backend.js', async (original) => {
      const actual = await original<typeof import('./load-backend.js')>();
      return {
        ...actual,
        loadBackend: async (name: string) => {
          if (name !== 'cpu') throw new Error(`${name} is broken in this test`);
          return actual.loadBackend('cpu');
        },
      };
    });
    vi.resetModules();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const fresh = await import('./init-backend.js');
    const info = await fresh.initBackend();
    expect(info.name).toBe('cpu');
    expect(info.reason).toBe('fallback: tensorflow-gpu, tensorflow, wasm failed');
    expect(info.skipped.at(-1)).toEqual({ name: 'wasm', reason: 'wasm is broken in this test' });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/pure-JS 'cpu' backend .* wasm: wasm is broken/));
    warn.mockRestore();
    await tf.setBackend('wasm');
  });
});
