import * as core from '@bert/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendError } from './backend/types.js';
import { assertDtype, assertShape, BertError, CheckpointError, ConfigError, ShapeError } from './errors.js';

describe('errors', () => {
  it('forms a hierarchy under BertError with distinct names', () => {
    for (const ErrorClass of [ConfigError, ShapeError, CheckpointError]) {
      const error = new ErrorClass('x');
      expect(error).toBeInstanceOf(BertError);
      expect(error.name).toBe(ErrorClass.name);
    }
  });

  it("is @bert/core's hierarchy, so instanceof holds across packages", () => {
    expect([BertError, ConfigError, ShapeError, CheckpointError]).toEqual([
      core.BertError,
      core.ConfigError,
      core.ShapeError,
      core.CheckpointError,
    ]);
    expect(new ConfigError('x')).toBeInstanceOf(core.ConfigError);
    expect(new BackendError('x')).toBeInstanceOf(core.BertError);
    expect(new BackendError('x').name).toBe('BackendError');
  });

  it('assertShape names the argument and both shapes; null matches any size', () => {
    const tensor = tf.zeros([2, 3]);
    expect(() => assertShape(tensor, [null, 3], 'inputIds')).not.toThrow();
    expect(() => assertShape(tensor, [2, 4], 'inputIds')).toThrow(
      new ShapeError('inputIds: expected shape [2,4], got [2,3]'),
    );
    expect(() => assertShape(tensor, [null, null, null], 'hidden')).toThrow(
      'hidden: expected shape [?,?,?], got [2,3]',
    );
    expect(() => assertDtype(tensor, 'int32', 'inputIds')).toThrow('inputIds: expected dtype int32, got float32');
    tensor.dispose();
  });
});
