/**
 * The toolkit's error hierarchy. CLIs print `error.message` on one line and exit non-zero, so messages name what is
 * wrong and where (file, line, field, the offending value).
 */
export class BertError extends Error {
  override name = 'BertError';
}

/** An invalid configuration value; the message quotes the value. */
export class ConfigError extends BertError {
  override name = 'ConfigError';
}

/** A tensor or array of the wrong shape; the message names the argument and both shapes. */
export class ShapeError extends BertError {
  override name = 'ShapeError';
}

/** Malformed or missing input data; the message names the file, line and field. */
export class DataError extends BertError {
  override name = 'DataError';
}

/** A checkpoint that cannot be read or does not match the model. */
export class CheckpointError extends BertError {
  override name = 'CheckpointError';
}

/**
 * The first line of an error's message, trimmed (of `String(error)` for a non-Error), for reports that keep one line
 * per failure.
 *
 * @example firstLine(new Error('ENOENT: no such file\n    at open')) // 'ENOENT: no such file'
 */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').trim();
}
