import cliProgress from 'cli-progress';

export interface ProgressValues {
  readonly loss: number;
  readonly lr: number;
  readonly tokensPerSecond: number;
}

/**
 * The terminal progress bar (cli-progress): step, loss, learning rate, tokens/s and ETA, on stderr. Inactive
 * unless enabled and stderr is a TTY, so logs of CI runs and piped output stay clean.
 */
export class TrainingProgress {
  readonly #bar: cliProgress.SingleBar | undefined;
  /** Exponential moving average of tokens/s: single steps are noisy (GC, other processes). */
  #tokensPerSecond: number | undefined;

  constructor(enabled: boolean, total: number | undefined, start: number) {
    if (!enabled || !process.stderr.isTTY) return;
    const known = total !== undefined;
    const format = known
      ? 'train |{bar}| step {value}/{total} | loss {loss} | lr {lr} | {tokens} tok/s | ETA {eta_formatted}'
      : 'train | step {value} | loss {loss} | lr {lr} | {tokens} tok/s';
    this.#bar = new cliProgress.SingleBar(
      { format, stream: process.stderr, hideCursor: true, etaBuffer: 50, fps: 5, barsize: 24 },
      cliProgress.Presets.shades_classic,
    );
    this.#bar.start(total ?? 0, start, { loss: '-', lr: '-', tokens: '-' });
  }

  get active(): boolean {
    return this.#bar !== undefined;
  }

  update(step: number, { loss, lr, tokensPerSecond }: ProgressValues): void {
    if (this.#bar === undefined) return;
    this.#tokensPerSecond =
      this.#tokensPerSecond === undefined ? tokensPerSecond : 0.9 * this.#tokensPerSecond + 0.1 * tokensPerSecond;
    this.#bar.update(step, {
      loss: loss.toFixed(4),
      lr: lr.toExponential(2),
      tokens: Math.round(this.#tokensPerSecond).toLocaleString('en-US'),
    });
  }

  stop(): void {
    this.#bar?.stop();
  }
}
