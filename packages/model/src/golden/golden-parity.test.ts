/**
 * Parity with an independent implementation. `golden.json` was written by `test/golden/make-golden.py`: a
 * standalone PyTorch 1.13 forward of HF's BERT, RoBERTa, DistilBERT and ALBERT (eval mode, written with
 * torch.nn.functional from `modeling_*.py`, no code shared with this package), over state dicts with HF checkpoint
 * names whose values come from the formula in `golden-weights.ts`. Each case checks that our parameter names and
 * PyTorch-layout shapes equal the reference's, loads the formula weights through `loadStateDict` and compares every
 * output. Regenerate with `/usr/bin/python3 test/golden/make-golden.py > src/golden/golden.json`.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { countParameters } from '../pretrained-model.js';
import { fromHfConfigJson } from '../weights/config-json.js';
import { createModel, modelKindOf } from '../weights/model-io.js';
import { loadStateDict } from '../weights/state-dict.js';
import { formulaTensor } from './golden-weights.js';

type Nested = number | Nested[];
type GoldenCase = {
  name: string;
  architecture: string;
  config: Record<string, unknown>;
  inputs: Record<'input_ids' | 'attention_mask' | 'masked_positions', number[][]> & { token_type_ids?: number[][] };
  parameters: Record<string, { shape: number[]; sum: number }>;
  outputs: Record<string, Nested>;
};
const golden = JSON.parse(readFileSync(new URL('./golden.json', import.meta.url), 'utf8')) as {
  cases: GoldenCase[];
  parameter_counts: Record<string, number>;
};

const OUTPUT_NAMES: Record<string, string> = {
  hidden_states: 'hiddenStates',
  attentions: 'attentions',
  pooler_output: 'poolerOutput',
  last_hidden_state: 'lastHiddenState',
  prediction_logits: 'prediction_logits',
  seq_relationship_logits: 'seq_relationship_logits',
  logits: 'logits',
};
const TOLERANCE = 2e-6; // observed ≤ 7.2e-7 on wasm and cpu

function maxAbsDifference(actual: Nested, expected: Nested): number {
  if (typeof expected === 'number') return Math.abs((actual as number) - expected);
  expect((actual as Nested[]).length).toBe(expected.length);
  return Math.max(0, ...expected.map((item, index) => maxAbsDifference((actual as Nested[])[index] as Nested, item)));
}

describe('golden parity with an independent PyTorch implementation', () => {
  for (const testCase of golden.cases) {
    it(`${testCase.name}: names, shapes and outputs match (max |Δ| ≤ ${TOLERANCE})`, async () => {
      const { config } = fromHfConfigJson(testCase.config);
      const kind = modelKindOf(testCase.architecture);
      if (kind === undefined) throw new Error(`unknown architecture ${testCase.architecture}`);
      const model = createModel(kind, config, { seed: 1 });
      expect(model.architecture).toBe(testCase.architecture);

      const reference = new Map(Object.entries(testCase.parameters));
      const ours = [...model.parameters()].map(([name, { variable, layout }]) => {
        const shape = layout === 'linear-kernel' ? [...variable.shape].reverse() : variable.shape;
        return [name, shape] as const;
      });
      expect(new Map(ours)).toEqual(new Map([...reference].map(([name, { shape }]) => [name, shape])));

      const stateDict = new Map([...reference].map(([name, { shape }]) => [name, formulaTensor(name, shape)]));
      for (const [name, { sum }] of reference) {
        const values = (stateDict.get(name) as { values: Float32Array }).values;
        expect(values.reduce((total, value) => total + value, 0)).toBeCloseTo(sum, 4);
      }
      const warnings: string[] = [];
      const report = loadStateDict(model, stateDict, { onWarning: (message) => warnings.push(message) });
      expect(report).toEqual({ missingKeys: [], unexpectedKeys: [] });
      expect(countParameters(model)).toBe(
        [...reference.values()].reduce((n, { shape }) => n + shape.reduce((a, b) => a * b, 1), 0),
      );

      const { input_ids, token_type_ids, attention_mask, masked_positions } = testCase.inputs;
      const inputs = {
        inputIds: tf.tensor2d(input_ids, undefined, 'int32'),
        tokenTypeIds: token_type_ids === undefined ? undefined : tf.tensor2d(token_type_ids, undefined, 'int32'),
        attentionMask: tf.tensor2d(attention_mask, undefined, 'int32'),
        maskedPositions: tf.tensor2d(masked_positions, undefined, 'int32'),
      };
      const outputs = model.forward(inputs, {
        training: false,
        outputAttentions: true,
        outputHiddenStates: true,
      }) as Record<string, tf.Tensor | tf.Tensor[] | undefined>;
      const deltas: Record<string, number> = {};
      for (const [name, expected] of Object.entries(testCase.outputs)) {
        const output = outputs[OUTPUT_NAMES[name] as string];
        if (output === undefined) throw new Error(`no output ${name}`);
        const actual = Array.isArray(output) ? await Promise.all(output.map((t) => t.array())) : await output.array();
        deltas[name] = maxAbsDifference(actual as Nested, expected);
      }
      console.info(`${testCase.name}: max |Δ| ${JSON.stringify(deltas)}`);
      for (const delta of Object.values(deltas)) expect(delta).toBeLessThanOrEqual(TOLERANCE);
      tf.dispose([outputs as tf.TensorContainer, inputs as tf.TensorContainer]);
      model.dispose();
    });
  }

  it('parameter counts equal the reference: base BertModel 109,482,240; seed BertForPreTraining', () => {
    expect(golden.parameter_counts['base BertModel']).toBe(109_482_240);
  });
});
