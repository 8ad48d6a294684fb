import { describe, expect, it } from 'vitest';
import { BertError, CheckpointError, ConfigError, DataError, firstLine, ShapeError } from './errors';

describe('error hierarchy', () => {
  it.each([ConfigError, ShapeError, DataError, CheckpointError])(
    '%o is a BertError with its own name',
    (ErrorClass) => {
      const error = new ErrorClass('boom');
      expect(error).toBeInstanceOf(BertError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(ErrorClass.name);
      expect(error.message).toBe('boom');
    },
  );

  it('firstLine keeps the first line of a message, trimmed, of an Error or anything else', () => {
    expect(firstLine(new DataError('  train.tsv:3: empty label \n    at parse'))).toBe('train.tsv:3: empty label');
    expect(firstLine('plain text\nsecond')).toBe('plain text');
    expect(firstLine(42)).toBe('42');
    expect(firstLine(new Error(''))).toBe('');
  });
});
