/** A bad flag or flag combination: a CLI prints the message on one line and exits with `EXIT_USAGE`. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes of every toolkit CLI: 0 success, 1 runtime failure (data, checkpoint, backend…), 2 usage error. */
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;

const OURS = /^(Bert|Config|Shape|Data|Checkpoint|Tokenizer|Backend|NonFiniteLoss|TensorLeak|Usage)Error$/;

/**
 * An error as the one line a CLI prints: the first line of its message. The toolkit's errors (`BertError`,
 * `DataError`, `TokenizerError`, `BackendError`, …) carry messages written for users; anything else is a bug or an
 * environment failure, so its kind (and errno code) is named and `--verbose` offered.
 *
 * @example oneLineMessage(new DataError('train.tsv:3: empty label')) // 'train.tsv:3: empty label'
 */
export function oneLineMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error).split('\n')[0] ?? '';
  const first = error.message.split('\n')[0]?.trim() ?? '';
  if (OURS.test(error.name)) return first;
  const code = (error as NodeJS.ErrnoException).code;
  return `${error.name}${code ? ` ${code}` : ''}: ${first} (run with --verbose for the stack)`;
}

/**
 * What a CLI does with an error that ends it: one line `<program>: <message>` on stderr (the stack too with
 * `verbose`), and the exit code to return — `EXIT_USAGE` for a `UsageError`, else `EXIT_RUNTIME`.
 *
 * @example catch (error) { return reportFailure('bert-pretrain', error, io, argv.includes('--verbose')); }
 */
export function reportFailure(
  program: string,
  error: unknown,
  io: { readonly err: (line: string) => void },
  verbose: boolean,
): number {
  io.err(`${program}: ${oneLineMessage(error)}`);
  if (verbose && error instanceof Error && error.stack !== undefined) io.err(error.stack);
  return error instanceof UsageError ? EXIT_USAGE : EXIT_RUNTIME;
}

/**
 * Runs `check` and turns whatever it throws into a `UsageError` prefixed with `flag` (the flag and its value as the
 * user typed them), so a value that only fails when used (a text too long for the model…) exits with `EXIT_USAGE`.
 *
 * @example asUsageError('--attention-snapshot ""', () => new AttentionSnapshots(model, tokenizer, '', { runDir }))
 * // throws UsageError('--attention-snapshot "": the text gives no tokens …')
 */
export function asUsageError<T>(flag: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new UsageError(`${flag}: ${oneLineMessage(error)}`);
  }
}
