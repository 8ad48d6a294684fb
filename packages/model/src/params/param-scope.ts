import * as tf from '@tensorflow/tfjs';
import type { ModelType } from '../config.js';
import { ConfigError } from '../errors.js';
import { checkpointName } from './checkpoint-names.js';

/**
 * How a parameter is laid out in memory relative to its checkpoint tensor. Dense kernels are kept as [in, out] so the
 * forward is a plain `matMul(x, kernel)` (wasm's fast path); PyTorch stores `nn.Linear.weight` as [out, in], so IO
 * transposes `linear-kernel` parameters and copies `plain` ones.
 */
export type ParameterLayout = 'plain' | 'linear-kernel';

/** HF `_init_weights`: N(0, initializerRange) (embeddings with their padding row zeroed), zeros or ones. */
export type ParameterInit =
  | { readonly kind: 'normal'; readonly paddingIndex?: number }
  | { readonly kind: 'zeros' }
  | { readonly kind: 'ones' };

export interface Parameter {
  readonly name: string; // HF checkpoint name
  readonly variable: tf.Variable;
  readonly layout: ParameterLayout;
  readonly init: ParameterInit;
}

/** How the registry initializes parameters: HF `_init_weights` with an optional seed for reproducible runs. */
export interface InitOptions {
  /** Seed for every initial value; each parameter's stream is derived from the seed and its name. */
  readonly seed?: number;
  /**
   * Create every variable as zeros and skip the random draws, for weights about to be loaded (HF's fast init);
   * call `registry.initialize(names)` for whatever the checkpoint did not provide.
   */
  readonly skipInit?: boolean;
}

/** All parameters of one model, by HF name, in creation order. Owned by the model that created it. */
export class ParameterRegistry {
  readonly #parameters = new Map<string, Parameter>();

  constructor(
    readonly modelType: ModelType,
    readonly initializerRange: number,
    readonly init: InitOptions = {},
  ) {}

  /** Creates the variable `name` of `shape`, initialized by `init` (or zeros with `skipInit`). */
  add(name: string, shape: readonly number[], layout: ParameterLayout, init: ParameterInit): tf.Variable {
    if (this.#parameters.has(name)) throw new ConfigError(`parameter "${name}" is created twice`);
    const initial = this.init.skipInit ? tf.zeros([...shape]) : this.#initialValue(name, shape, init);
    const variable = tf.variable(initial, true, `${name}#${variableCounter++}`);
    initial.dispose();
    this.#parameters.set(name, { name, variable, layout, init });
    return variable;
  }

  /** (Re)draws HF initial values for `names` (every parameter when omitted), with the same seeds as at creation. */
  initialize(names?: Iterable<string>): void {
    for (const name of names ?? this.#parameters.keys()) {
      const parameter = this.#parameters.get(name);
      if (parameter === undefined) throw new ConfigError(`no parameter named "${name}"`);
      const value = this.#initialValue(name, parameter.variable.shape, parameter.init);
      parameter.variable.assign(value);
      value.dispose();
    }
  }

  #initialValue(name: string, shape: readonly number[], init: ParameterInit): tf.Tensor {
    if (init.kind === 'zeros') return tf.zeros([...shape]);
    if (init.kind === 'ones') return tf.ones([...shape]);
    return tf.tidy(() => {
      const values = tf.randomNormal([...shape], 0, this.initializerRange, 'float32', this.seedFor(name));
      const rows = shape[0] as number;
      if (init.paddingIndex === undefined || init.paddingIndex >= rows) return values;
      const keep = tf.reshape(tf.notEqual(tf.range(0, rows, 1, 'int32'), init.paddingIndex), [rows, 1]); // [rows, 1]
      return tf.mul(values, tf.cast(keep, 'float32')); // [rows, columns]
    });
  }

  get parameters(): ReadonlyMap<string, Parameter> {
    return this.#parameters;
  }

  /** Seed for one parameter's normal draw, or `undefined` for an unseeded draw. */
  seedFor(name: string): number | undefined {
    return this.init.seed === undefined ? undefined : hashSeed(this.init.seed, name);
  }

  dispose(): void {
    for (const { variable } of this.#parameters.values()) variable.dispose();
    this.#parameters.clear();
  }
}

// tfjs variable names must be unique per engine; two models with the same HF names may coexist.
let variableCounter = 0;

/** FNV-1a over the name, mixed with the seed: stable across runs, creation order and platforms. */
function hashSeed(seed: number, name: string): number {
  let hash = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let index = 0; index < name.length; index++) {
    hash ^= name.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * A path inside a model (`bert.encoder.layer.0`) that creates parameters named after it, as PyTorch modules do.
 * Names are built with BERT's module names and renamed for the registry's `modelType` (see `checkpointName`).
 */
export class ParamScope {
  private constructor(
    readonly registry: ParameterRegistry,
    readonly path: string,
  ) {}

  static root(registry: ParameterRegistry): ParamScope {
    return new ParamScope(registry, '');
  }

  child(name: string | number): ParamScope {
    return new ParamScope(this.registry, this.path === '' ? `${name}` : `${this.path}.${name}`);
  }

  /** HF name of parameter `name` in this scope. */
  nameOf(name: string): string {
    return checkpointName(this.path === '' ? name : `${this.path}.${name}`, this.registry.modelType);
  }

  /** N(0, initializerRange) as HF `_init_weights` does for Linear and Embedding weights. */
  normal(name: string, shape: number[], layout: ParameterLayout = 'plain'): tf.Variable {
    return this.registry.add(this.nameOf(name), shape, layout, { kind: 'normal' });
  }

  /** Like `normal`, with row `paddingIndex` zeroed (HF `nn.Embedding(padding_idx=…)`). */
  embedding(name: string, rows: number, columns: number, paddingIndex?: number): tf.Variable {
    const init = paddingIndex === undefined ? { kind: 'normal' as const } : { kind: 'normal' as const, paddingIndex };
    return this.registry.add(this.nameOf(name), [rows, columns], 'plain', init);
  }

  zeros(name: string, shape: number[]): tf.Variable {
    return this.registry.add(this.nameOf(name), shape, 'plain', { kind: 'zeros' });
  }

  ones(name: string, shape: number[]): tf.Variable {
    return this.registry.add(this.nameOf(name), shape, 'plain', { kind: 'ones' });
  }
}
