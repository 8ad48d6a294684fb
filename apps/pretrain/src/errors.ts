/** A bad flag or flag combination: the CLI prints the message on one line and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes: 0 success, 1 runtime failure (data, checkpoint, backend…), 2 usage error (bad flags). */
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;

/** An error as the one line the CLI prints: the first line of its message, tagged when it is not one of ours. */
export function oneLineMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error).split('\n')[0] ?? '';
  const first = error.message.split('\n')[0]?.trim() ?? '';
  // Errors of the toolkit (BertError, DataError, TokenizerError, BackendError, …) carry messages written for users;
  // anything else is a bug or an environment failure, so say what kind it is.
  const ours = /^(Bert|Config|Shape|Data|Checkpoint|Tokenizer|Backend|NonFiniteLoss|TensorLeak|Usage)Error$/;
  if (ours.test(error.name)) return first;
  const code = (error as NodeJS.ErrnoException).code;
  return `${error.name}${code ? ` ${code}` : ''}: ${first} (run with --verbose for the stack)`;
}
