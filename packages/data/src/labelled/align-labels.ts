/** Label id of tokens that the loss and the metrics skip (PyTorch / HF convention). */
export const IGNORE_INDEX = -100;

/**
 * For each label id, the id of its `I-` form when it is a `B-` label whose `I-` form exists, else itself
 * (HF `run_ner.py`'s `b_to_i_label`, used with `labelAllTokens`).
 *
 * @example beginToInside(['B-PER', 'I-PER', 'O', 'B-MISC']) // [1, 1, 2, 3]: B-MISC has no I-MISC, so it stays
 */
export function beginToInside(names: readonly string[]): Int32Array {
  const ids = new Map(names.map((name, id) => [name, id]));
  return Int32Array.from(names, (name, id) => (name.startsWith('B-') ? (ids.get(`I-${name.slice(2)}`) ?? id) : id));
}

export interface AlignOptions {
  /** Label every piece of a word (HF `--label_all_tokens`); default false: only the first piece. */
  readonly labelAllTokens?: boolean;
  /** `beginToInside(labels)`: with `labelAllTokens`, continuation pieces of a `B-X` word get `I-X`. */
  readonly beginToInside?: Int32Array;
}

/**
 * Word labels → token labels, as HF `run_ner.py`'s `tokenize_and_align_labels`: special tokens and padding
 * (`wordIds` null) get -100; the first piece of each word gets the word's label; the other pieces get -100, or with
 * `labelAllTokens` the word's label again (its `I-` form for a `B-` label). Words cut off by truncation have no
 * tokens and so no label here.
 *
 * `wordIds` [T] (from `Encoding.wordIds`), `wordLabels` [words] label ids → Int32Array [T].
 *
 * @example
 * // "Johanson lives" → [CLS] johan ##son lives [SEP], labels B-PER(0) O(2)
 * alignTokenLabels([null, 0, 0, 1, null], [0, 2]) // [-100, 0, -100, 2, -100]
 */
export function alignTokenLabels(
  wordIds: readonly (number | null)[],
  wordLabels: ArrayLike<number>,
  options: AlignOptions = {},
): Int32Array {
  const labels = new Int32Array(wordIds.length).fill(IGNORE_INDEX);
  let previous: number | null = null;
  wordIds.forEach((word, position) => {
    if (word !== null) {
      const label = wordLabels[word];
      if (label === undefined) throw new RangeError(`word id ${word} has no label (${wordLabels.length} word labels)`);
      if (word !== previous) labels[position] = label;
      else if (options.labelAllTokens === true) labels[position] = options.beginToInside?.[label] ?? label;
    }
    previous = word;
  });
  return labels;
}

/** Index of the first token of each word, -1 for words without a token (e.g. cut off by truncation). */
export function firstTokenOfWords(wordIds: readonly (number | null)[], wordCount: number): Int32Array {
  const first = new Int32Array(wordCount).fill(-1);
  wordIds.forEach((word, position) => {
    if (word !== null && word < wordCount && first[word] === -1) first[word] = position;
  });
  return first;
}
