import { afterEach, describe, expect, it, vi } from 'vitest';
import { blasStatus, defaultBlasThreads } from './register-blas-kernels.js';

describe('defaultBlasThreads', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is every core unless BERT_THREADS says otherwise', () => {
    vi.stubEnv('BERT_THREADS', '');
    expect(defaultBlasThreads()).toBeGreaterThanOrEqual(1);
    vi.stubEnv('BERT_THREADS', '3');
    expect(defaultBlasThreads()).toBe(3);
  });

  it('rejects a malformed BERT_THREADS, quoting it', () => {
    for (const bad of ['0', '-2', 'two', '1.5', '2x']) {
      vi.stubEnv('BERT_THREADS', bad);
      expect(() => defaultBlasThreads()).toThrow(`BERT_THREADS='${bad}' must be a positive integer`);
    }
  });
});

describe('blasStatus', () => {
  it('says whether the addon loads here, and if not why and how to fix it', () => {
    const status = blasStatus();
    if (status.available) {
      expect(status.library).toMatch(/^OpenBLAS/);
      expect(status.threads).toBeGreaterThanOrEqual(1);
    } else {
      expect(status.reason).toMatch(/not built|missing|failed to load/);
      expect(status.fix).toMatch(/apt-get install -y .*libopenblas-dev/);
    }
  });

  it('reports a missing addon with the build script reason (module loaded with no addon on disk)', async () => {
    vi.resetModules();
    vi.doMock('node:fs', async (original) => {
      const actual = await original<typeof import('node:fs')>();
      return {
        ...actual,
        existsSync: (file: string) => !String(file).endsWith('.node') && actual.existsSync(file),
        readFileSync: ((file: string, ...rest: unknown[]) =>
          String(file).endsWith('build-status.json')
            ? JSON.stringify({ built: false, missing: 'the OpenBLAS headers (cblas.h)' })
            : (actual.readFileSync as (...args: unknown[]) => unknown)(file, ...rest)) as typeof actual.readFileSync,
      };
    });
    const fresh = await import('./register-blas-kernels.js');
    const status = fresh.blasStatus();
    expect(status).toMatchObject({
      available: false,
      reason: 'native addon not built: missing the OpenBLAS headers (cblas.h)',
    });
    expect(() => fresh.registerBlasKernels()).toThrow(/missing the OpenBLAS headers .*fix: apt-get install -y/);
    vi.doUnmock('node:fs');
    vi.resetModules();
  });
});
