import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@bert/core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AttentionSnapshots } from './attention-snapshots.js';
import { tinyModel, tinyTokenizer } from './test-support/tiny-model.js';

const tokenizer = tinyTokenizer();
const model = tinyModel(tokenizer.getVocabSize());
let runDir = '';
beforeEach(async () => {
  runDir = await mkdtemp(join(tmpdir(), 'attention-snapshots-'));
  return () => rm(runDir, { recursive: true, force: true });
});
afterAll(() => model.dispose());

describe('AttentionSnapshots', () => {
  it('checks the text up front: one that gives no tokens throws before anything is written', async () => {
    expect(() => new AttentionSnapshots(model, tokenizer, '  \n', { runDir })).toThrow(DataError);
    expect(await readdir(runDir)).toEqual([]);
  });

  it('tells a truncation once, then writes a snapshot per step and settles when all are written', async () => {
    const warnings: string[] = [];
    const long = Array.from({ length: 40 }, () => 'the cat sat').join(' ');
    const snapshots = new AttentionSnapshots(model, tokenizer, long, {
      runDir,
      onWarning: (line) => warnings.push(line),
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/more than the model's 24 positions/);
    expect(snapshots.lastStep).toBeUndefined();
    snapshots.at(10);
    snapshots.at(20);
    expect(snapshots.lastStep).toBe(20);
    await snapshots.settled();
    expect((await readdir(join(runDir, 'attention'))).sort()).toEqual(['step-10', 'step-20']);
    expect((await readdir(join(runDir, 'attention', 'step-20'))).sort()).toEqual(['attention.html', 'attention.json']);
    expect(warnings).toHaveLength(1);
  });

  it('turns a snapshot that cannot be written into a warning naming the step', async () => {
    await writeFile(join(runDir, 'attention'), 'a file where the snapshots directory would go');
    const warnings: string[] = [];
    const snapshots = new AttentionSnapshots(model, tokenizer, 'the cat sat', {
      runDir,
      onWarning: (line) => warnings.push(line),
    });
    snapshots.at(5);
    await expect(snapshots.settled()).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^attention snapshot of step 5: .*(EEXIST|ENOTDIR)/);
  });
});
