import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataError } from '@bert/core';
import {
  type BackendName,
  BertForMaskedLM,
  BertForPreTraining,
  type FillMaskResult,
  fillMask,
  initBackend,
  loadModel,
} from '@bert/model';
import { Tokenizer } from '@bert/tokenizer';
import { TOKENIZER_FILE } from './output-dir.js';

export interface FillMaskOptions {
  /** A model directory (config.json + model.safetensors): a run's output or one of its checkpoints. */
  readonly model: string;
  readonly text: string;
  readonly topK: number;
  /** tokenizer.json; default: the model directory's, else its parent's (for `checkpoint-<step>/`). */
  readonly tokenizer?: string | undefined;
  readonly backend?: BackendName | undefined;
}

/** The tokenizer.json that goes with a model directory: its own, or the run's for a checkpoint directory. */
export function findTokenizerFile(modelDir: string): string {
  for (const candidate of [join(modelDir, TOKENIZER_FILE), join(dirname(modelDir), TOKENIZER_FILE)]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new DataError(`no ${TOKENIZER_FILE} in ${modelDir} or its parent directory; pass --tokenizer FILE`);
}

/**
 * HF's fill-mask pipeline from the command line: loads a model directory and its tokenizer, and returns the `topK`
 * most probable tokens (with their softmax probabilities) for every mask token of `text`.
 */
export async function runFillMask(
  options: FillMaskOptions,
): Promise<{ readonly results: FillMaskResult[]; readonly lines: string[] }> {
  if (!existsSync(join(options.model, 'config.json'))) {
    throw new DataError(`--model ${options.model}: no config.json (not a model directory)`);
  }
  const tokenizer = Tokenizer.fromFile(options.tokenizer ?? findTokenizerFile(options.model));
  const maskToken = ['[MASK]', '<mask>'].find((token) => tokenizer.tokenToId(token) !== undefined);
  if (maskToken === undefined) throw new DataError('the tokenizer has no [MASK] (or <mask>) token');
  await initBackend(options.backend === undefined ? {} : { prefer: options.backend });
  const model = await loadModel(options.model);
  try {
    if (!(model instanceof BertForPreTraining || model instanceof BertForMaskedLM)) {
      throw new DataError(`--model ${options.model} holds a ${model.architecture}, which has no masked-LM head`);
    }
    const adapter = {
      maskToken,
      encode: (text: string) => tokenizer.encode(text),
      tokenToId: (token: string) => tokenizer.tokenToId(token),
      idToToken: (id: number) => tokenizer.idToToken(id),
    };
    const text = maskToken === '[MASK]' ? options.text : options.text.replaceAll('[MASK]', maskToken);
    const results = await fillMask(model, adapter, text, { topK: options.topK });
    return { results, lines: formatFillMask(results, tokenizer, tokenizer.encode(text).ids) };
  } finally {
    model.dispose();
  }
}

/**
 * The lines `bert-pretrain fill-mask` prints: for each mask, `probability<TAB>token` best first (with one mask, the
 * filled-in text too); a header line per mask when there are several.
 *
 * @example formatFillMask(results, tokenizer, ids) // ['0.4210\tcat\tthe cat sat on the mat', …]
 */
export function formatFillMask(
  results: readonly FillMaskResult[],
  tokenizer: Tokenizer,
  inputIds: readonly number[],
): string[] {
  const lines: string[] = [];
  results.forEach((result, index) => {
    if (results.length > 1) lines.push(`mask ${index + 1} of ${results.length} (token ${result.position}):`);
    for (const prediction of result.predictions) {
      const columns = [prediction.score.toFixed(4), prediction.token];
      if (results.length === 1) {
        const filled = inputIds.map((id, position) => (position === result.position ? prediction.id : id));
        columns.push(tokenizer.decode(filled, { skipSpecialTokens: true }));
      }
      lines.push(columns.join('\t'));
    }
  });
  return lines;
}
