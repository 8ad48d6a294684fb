import * as tf from '@tensorflow/tfjs';
import { BertError } from '../errors.js';
import type { BertForMaskedLM } from '../heads/bert-for-masked-lm.js';
import type { BertForPreTraining } from '../heads/bert-for-pre-training.js';

/**
 * What `fillMask` needs from a tokenizer, structurally (so this package never imports `@bert/tokenizer`):
 * `@bert/tokenizer`'s `Tokenizer` and HF-style wrappers fit.
 */
export interface MaskFillingTokenizer {
  encode(text: string): {
    readonly ids: readonly number[];
    readonly tokens: readonly string[];
    readonly typeIds?: readonly number[];
    readonly attentionMask?: readonly number[];
  };
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  /** The mask token's text, e.g. `[MASK]`. */
  readonly maskToken: string;
}

export type FillMaskPrediction = { readonly id: number; readonly token: string; readonly score: number };
/** The predictions for one `[MASK]`, best first; `position` indexes the encoded tokens. */
export type FillMaskResult = { readonly position: number; readonly predictions: readonly FillMaskPrediction[] };

/**
 * HF's `fill-mask` pipeline: encodes `text`, runs the MLM head only at the mask positions and returns the `topK`
 * most probable tokens (softmax over the vocabulary) for each `[MASK]`, in text order.
 *
 * @example await fillMask(model, tokenizer, 'the cat [MASK] on the mat', { topK: 3 })
 * // [{ position: 3, predictions: [{ id: 2938, token: 'sat', score: 0.61 }, …] }]
 */
export async function fillMask(
  model: BertForMaskedLM | BertForPreTraining,
  tokenizer: MaskFillingTokenizer,
  text: string,
  { topK = 5 }: { topK?: number } = {},
): Promise<FillMaskResult[]> {
  const maskId = tokenizer.tokenToId(tokenizer.maskToken);
  if (maskId === undefined) throw new BertError(`mask token "${tokenizer.maskToken}" is not in the vocabulary`);
  const encoding = tokenizer.encode(text);
  const positions = encoding.ids.flatMap((id, position) => (id === maskId ? [position] : []));
  if (positions.length === 0) throw new BertError(`no ${tokenizer.maskToken} token in ${JSON.stringify(text)}`);
  const k = Math.min(topK, model.config.vocabSize);
  const { values, indices } = tf.tidy(() => {
    const row = (values: readonly number[]) => tf.tensor2d([values as number[]], undefined, 'int32');
    const inputs = {
      inputIds: row(encoding.ids),
      tokenTypeIds: encoding.typeIds === undefined ? undefined : row(encoding.typeIds),
      attentionMask: encoding.attentionMask === undefined ? undefined : row(encoding.attentionMask),
      maskedPositions: row(positions),
    };
    const outputs = model.forward(inputs, { training: false });
    const logits = 'logits' in outputs ? outputs.logits : outputs.prediction_logits; // [1, P, V]
    const probabilities = tf.softmax(tf.squeeze(logits, [0])); // [P, V]
    return tf.topk(probabilities, k); // [P, k]
  });
  const [scores, ids] = (await Promise.all([values.array(), indices.array()])) as [number[][], number[][]];
  tf.dispose([values, indices]);
  return positions.map((position, row) => ({
    position,
    predictions: (ids[row] as number[]).map((id, rank) => ({
      id,
      token: tokenizer.idToToken(id) ?? `[${id}]`,
      score: (scores[row] as number[])[rank] as number,
    })),
  }));
}
