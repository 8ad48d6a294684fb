/** Where a CLI writes: stdout lines and stderr lines (tests pass their own to capture them). */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** The process's stdout and stderr, a line at a time. */
export const PROCESS_IO: CliIo = Object.freeze({
  out: (line: string) => {
    process.stdout.write(`${line}\n`);
  },
  err: (line: string) => {
    process.stderr.write(`${line}\n`);
  },
});
