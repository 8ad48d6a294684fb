import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../checkpoint/trainer-state.js';
import { renderReport, writeReport } from './html-report.js';

describe('renderReport', () => {
  const history: LogEntry[] = [
    { step: 1, epoch: 0.5, loss: 4.2, lr: 0, grad_norm: 3.1, mlm_accuracy: 0.01, tokens_per_second: 900 },
    {
      step: 2,
      epoch: 1,
      loss: 3.9,
      lr: 1e-3,
      grad_norm: 2.5,
      mlm_accuracy: 0.05,
      tokens_per_second: 950,
      eval_loss: 4,
      eval_mlm_accuracy: 0.04,
    },
  ];

  it('inlines uPlot, embeds the curves and contains no URL', () => {
    const html = renderReport(history, { title: 'Run <1>', summary: { 'global step': 2, 'best metric': null } });
    expect(html).toContain('var uPlot=function()');
    expect(html).toContain('MIT License');
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).toContain('<title>Run &#60;1&#62;</title>'); // escaped
    const data = JSON.parse(/const DATA = (.*);\n/.exec(html)![1]!);
    expect(data.steps).toEqual([1, 2]);
    expect(data.columns.eval_loss).toEqual([null, 4]);
    expect(data.charts.map((chart: { title: string; fields: string[] }) => [chart.title, chart.fields])).toEqual([
      ['Loss', ['loss', 'eval_loss']],
      ['Accuracy', ['mlm_accuracy', 'eval_mlm_accuracy']],
      ['Learning rate', ['lr']],
      ['Gradient norm (before clipping)', ['grad_norm']],
      ['Throughput (tokens/s)', ['tokens_per_second']],
    ]);
  });

  it('keeps a hostile metric name from closing the script', () => {
    const html = renderReport([{ step: 1, epoch: 0, '</script><b>x': 1 }]);
    expect(html).not.toContain('</script><b>');
  });
});

describe('writeReport', () => {
  it('replaces an existing report through a temporary file and leaves nothing else behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'report-'));
    try {
      await writeFile(join(dir, 'report.html'), 'old');
      const history: LogEntry[] = [{ step: 1, epoch: 0, loss: 1 }];
      await writeReport(join(dir, 'report.html'), history, { title: 'T' });
      expect(await readFile(join(dir, 'report.html'), 'utf8')).toBe(renderReport(history, { title: 'T' }));
      expect(await readdir(dir)).toEqual(['report.html']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
