import { describe, expect, it } from 'vitest';
import { parseMetricsLog } from './metrics-log.js';
import { TrainingProgress } from './progress.js';

describe('TrainingProgress', () => {
  it('stays inactive when disabled or when stderr is not a TTY', () => {
    expect(new TrainingProgress(false, 10, 0).active).toBe(false);
    const tty = process.stderr.isTTY;
    try {
      process.stderr.isTTY = false;
      const bar = new TrainingProgress(true, 10, 0);
      expect(bar.active).toBe(false);
      bar.update(1, { loss: 1, lr: 1e-3, tokensPerSecond: 10 }); // a no-op
      bar.stop();
    } finally {
      process.stderr.isTTY = tty;
    }
  });
});

describe('parseMetricsLog', () => {
  it('reads JSONL, skipping blank lines, and names a broken line', () => {
    expect(parseMetricsLog('{"step":1,"epoch":0,"loss":2}\n\n{"step":2,"epoch":0,"loss":1}\n')).toHaveLength(2);
    expect(() => parseMetricsLog('{"step":1}\n{oops\n', 'run/metrics.jsonl')).toThrow(/^run\/metrics\.jsonl:2: /);
  });
});
