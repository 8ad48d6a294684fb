/**
 * Errors raised by @bert/tokenizer. Messages are one line and name the file and the problem when a file is involved.
 * The package has no dependencies, so it does not share the `BertError` class of the tensor packages; `TokenizerError`
 * carries `name === 'TokenizerError'` for callers that match on names across packages.
 */
export class TokenizerError extends Error {
  override name = 'TokenizerError';
}

/** Throws a `TokenizerError` when `condition` is false. */
export function assertTokenizer(condition: unknown, message: string): asserts condition {
  if (!condition) throw new TokenizerError(message);
}
