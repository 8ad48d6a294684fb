import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeBackend, diagnose, doctor, formatDoctorReport } from './doctor.js';
import { findTfjsCoreCopies } from './tfjs-core-copies.js';

function fakePackage(root: string, relative: string, version: string): void {
  const directory = path.join(root, relative);
  fs.mkdirSync(directory, { recursive: true });
  fs.writeFileSync(path.join(directory, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-core', version }));
}

describe('doctor', () => {
  it('reports backend, SIMD, threads, versions, skip reasons and the one tfjs-core copy', async () => {
    const report = await doctor();
    expect(report).toMatch(/^backend: {3}wasm \(/);
    expect(report).toMatch(/simd: {6}yes/);
    expect(report).toMatch(/threads: {3}\d+/);
    expect(report).toMatch(/tfjs-backend-wasm 4\.22\.0/);
    expect(report).toMatch(/tensorflow: @tensorflow\/tfjs-node is not installed/);
    expect(report).toMatch(/@tensorflow\/tfjs-core copies: 1\n {2}4\.22\.0 /);
    expect(report).toMatch(/status: {4}ok$/);
  });

  it('finds nested duplicate tfjs-core copies and flags them as a problem', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-doctor-'));
    fakePackage(root, 'node_modules/@tensorflow/tfjs-core', '4.22.0');
    fakePackage(root, 'node_modules/some-app/node_modules/@tensorflow/tfjs-core', '4.21.0');
    const copies = findTfjsCoreCopies(path.join(root, 'packages', 'x'));
    expect(copies.map((copy) => copy.version).sort()).toEqual(['4.21.0', '4.22.0']);
    const report = await diagnose();
    const text = formatDoctorReport({
      ...report,
      tfjsCoreCopies: copies,
      problems: ['2 copies of @tensorflow/tfjs-core'],
    });
    expect(text).toMatch(/problems:\n {2}- 2 copies/);
    fs.rmSync(root, { recursive: true });
  });

  it('describes the backend in one line, with who runs the matrix products on wasm', async () => {
    const { backend } = await diagnose();
    const wasm = { ...backend, name: 'wasm' as const, threads: 1, reason: 'first that loaded' };
    expect(describeBackend({ ...wasm, blas: { active: false, reason: 'disabled by BERT_BLAS=0' } })).toBe(
      'wasm (1 thread, first that loaded); matrix products: off: disabled by BERT_BLAS=0',
    );
    const blas = { active: true as const, library: 'OpenBLAS 0.3.21 (pthreads)', threads: 2, kernels: ['BatchMatMul'] };
    expect(describeBackend({ ...wasm, threads: 2, blas })).toBe(
      'wasm (2 threads, first that loaded); matrix products: OpenBLAS 0.3.21 (pthreads), 2 threads: BatchMatMul',
    );
    expect(describeBackend({ ...wasm, name: 'tensorflow', threads: 2, reason: 'requested', blas: undefined })).toBe(
      'tensorflow (2 threads, requested)',
    );
  });
});
