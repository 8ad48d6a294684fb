import type * as tf from '@tensorflow/tfjs';
import type { BertConfig, ModelType } from './config.js';
import type { BertInputs, ForwardOptions } from './inputs.js';
import { type InitOptions, type Parameter, ParameterRegistry, ParamScope } from './params/param-scope.js';

/** The model classes, named by their BERT architecture suffix. */
export type ModelKind =
  | 'Model'
  | 'ForPreTraining'
  | 'ForMaskedLM'
  | 'ForSequenceClassification'
  | 'ForTokenClassification';

const CLASS_PREFIX: Readonly<Record<ModelType, string>> = {
  bert: 'Bert',
  roberta: 'Roberta',
  distilbert: 'DistilBert',
  albert: 'Albert',
};

/** HF class name (`architectures[0]` in config.json), e.g. `BertForMaskedLM`, `AlbertForPreTraining`. */
export function architectureName(kind: ModelKind, modelType: ModelType): string {
  return `${CLASS_PREFIX[modelType]}${kind}`;
}

/** Where a model's parameters live: its own registry, or a scope inside a parent model's. */
export type ModelOptions = InitOptions & {
  /** Build inside a parent model (heads pass the base-model scope); the parent owns the variables. */
  readonly scope?: ParamScope;
};

/**
 * Base of every model (HF `BertPreTrainedModel`): owns a registry of named parameters, created once in the
 * constructor with HF's initialization, and disposes them.
 */
export abstract class BertPreTrainedModel<Output> {
  abstract readonly kind: ModelKind;
  readonly registry: ParameterRegistry;
  protected readonly scope: ParamScope;
  readonly #ownsRegistry: boolean;

  constructor(
    readonly config: BertConfig,
    options: ModelOptions = {},
  ) {
    this.#ownsRegistry = options.scope === undefined;
    this.registry =
      options.scope?.registry ?? new ParameterRegistry(config.modelType, config.initializerRange, options);
    this.scope = options.scope ?? ParamScope.root(this.registry);
  }

  /** HF class name written to `config.json` `architectures`. */
  get architecture(): string {
    return architectureName(this.kind, this.config.modelType);
  }

  abstract forward(inputs: BertInputs, options: ForwardOptions): Output;

  /** HF name → variable (`bert.encoder.layer.0.attention.self.query.weight`); dense kernels are [in, out]. */
  namedParameters(): Map<string, tf.Variable> {
    return new Map([...this.parameters()].map(([name, { variable }]) => [name, variable]));
  }

  /** HF name → variable and memory layout, for weights IO (only this model's part of a shared registry). */
  parameters(): ReadonlyMap<string, Parameter> {
    if (this.#ownsRegistry) return this.registry.parameters;
    const prefix = `${this.scope.path}.`;
    return new Map([...this.registry.parameters].filter(([name]) => name.startsWith(prefix)));
  }

  trainableVariables(): tf.Variable[] {
    return [...this.parameters().values()].map(({ variable }) => variable);
  }

  /** Frees the variables (only when this model created the registry). */
  dispose(): void {
    if (this.#ownsRegistry) this.registry.dispose();
  }
}

/** Number of scalar parameters; the tied decoder is the word embedding matrix and counts once. */
export function countParameters(model: { parameters(): ReadonlyMap<string, Parameter> }): number {
  let total = 0;
  for (const { variable } of model.parameters().values()) total += variable.size;
  return total;
}
