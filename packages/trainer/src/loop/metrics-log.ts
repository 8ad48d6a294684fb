import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LogEntry } from '../checkpoint/trainer-state.js';

export const METRICS_FILE = 'metrics.jsonl';

/**
 * `metrics.jsonl`: one JSON object per logged step (`step`, `epoch`, `loss`, `lr`, `grad_norm`,
 * `tokens_per_second`, metrics, and `eval_*` on evaluation steps). Opening it with the history of a checkpoint
 * rewrites the file from that history, dropping lines a killed run wrote after its last checkpoint, so a resumed
 * run's log reads as one uninterrupted run. Lines are written synchronously: a crash loses none that were logged.
 */
export class MetricsLog {
  readonly #fd: number;

  constructor(
    readonly path: string,
    history: readonly LogEntry[] = [],
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.#fd = openSync(path, 'w');
    for (const entry of history) this.append(entry);
  }

  append(entry: LogEntry): void {
    writeSync(this.#fd, `${JSON.stringify(entry)}\n`);
  }

  close(): void {
    closeSync(this.#fd);
  }
}

/** Parses a `metrics.jsonl` text (blank lines skipped); throws naming the line that is not JSON. */
export function parseMetricsLog(text: string, source = METRICS_FILE): LogEntry[] {
  return text
    .split('\n')
    .map((line, index) => [line, index + 1] as const)
    .filter(([line]) => line.trim() !== '')
    .map(([line, number]) => {
      try {
        return JSON.parse(line) as LogEntry;
      } catch (error) {
        throw new SyntaxError(`${source}:${number}: ${(error as Error).message}`);
      }
    });
}
