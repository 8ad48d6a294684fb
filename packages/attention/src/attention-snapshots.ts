import { firstLine } from '@bert/core';
import { type AttentionModel, type AttentionTokenizer, computeAttention } from './compute-attention.js';
import { snapshotAttention } from './export-attention.js';

export interface AttentionSnapshotsOptions {
  /** The training run's output directory; snapshots go to `<runDir>/attention/step-<n>/`. */
  readonly runDir: string;
  /** Told once, at construction, when the text is truncated; and of every snapshot that fails to write. */
  readonly onWarning?: (line: string) => void;
}

/**
 * The attention of one fixed text over a training run (`--attention-snapshot TEXT`). The constructor runs the model
 * once, so a text that gives no tokens or cannot be encoded throws there, before the run writes anything; `at(step)`
 * then starts a snapshot of the current weights (read before it returns, so it is safe in a checkpoint callback)
 * and `settled()` waits for every write. A snapshot that fails to write is a warning: it never stops training.
 *
 * @example
 * const snapshots = new AttentionSnapshots(model, tokenizer, 'the cat sat on the mat', { runDir: 'out' });
 * // trainer: onCheckpoint: (_path, step) => snapshots.at(step)
 * await snapshots.settled();
 */
export class AttentionSnapshots {
  private readonly pending: Promise<void>[] = [];
  private last: number | undefined;

  constructor(
    private readonly model: AttentionModel,
    private readonly tokenizer: AttentionTokenizer,
    private readonly text: string,
    private readonly options: AttentionSnapshotsOptions,
  ) {
    computeAttention(model, tokenizer, text, options.onWarning === undefined ? {} : { onWarning: options.onWarning });
  }

  /** The step of the latest snapshot started, if any. */
  get lastStep(): number | undefined {
    return this.last;
  }

  /** Starts writing the snapshot of step `step` from the model's current weights. */
  at(step: number): void {
    this.last = step;
    const warn = this.options.onWarning ?? ((line: string) => console.warn(line));
    this.pending.push(
      snapshotAttention(this.model, this.tokenizer, this.text, {
        runDir: this.options.runDir,
        step,
        onWarning: () => {}, // a truncation was told once, by the constructor
      }).then(
        () => {},
        (error: unknown) => warn(`attention snapshot of step ${step}: ${firstLine(error)}`),
      ),
    );
  }

  /** Resolves when every snapshot started so far is written (or has warned). */
  async settled(): Promise<void> {
    await Promise.all(this.pending);
  }
}
