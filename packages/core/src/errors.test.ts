import { describe, expect, it } from 'vitest';
import { BertError, CheckpointError, ConfigError, DataError, ShapeError } from './errors';

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
});
