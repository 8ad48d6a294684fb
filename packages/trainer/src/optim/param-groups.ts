/**
 * Which parameters get no weight decay, decided from HF parameter names as HF `Trainer.get_decay_parameter_names`
 * does: every bias and every normalization weight. Decaying LayerNorm gains pulls them towards 0 (not their
 * neutral value 1), and biases carry no scale a penalty could control, so BERT's recipe exempts both.
 *
 * Matches `*.bias`, `*LayerNorm.weight` (any case, so `layernorm` too), `*.layer_norm.*` and the DistilBERT forms
 * `sa_layer_norm.*` / `output_layer_norm.*`.
 *
 * @example isNoDecayParameter('bert.encoder.layer.0.output.LayerNorm.weight') // true
 * @example isNoDecayParameter('bert.encoder.layer.0.output.dense.weight')     // false
 */
export function isNoDecayParameter(name: string): boolean {
  return (
    /(^|\.)bias$/.test(name) ||
    /layernorm\.weight$/i.test(name) ||
    /(^|\.|_)layer_norm(\.|$)/.test(name) ||
    /(^|\.)norm\.weight$/.test(name)
  );
}

/** The two AdamW parameter groups, by HF name, in the order given. */
export function parameterGroups(
  names: Iterable<string>,
  noDecay: (name: string) => boolean = isNoDecayParameter,
): { readonly decay: string[]; readonly noDecay: string[] } {
  const groups = { decay: [] as string[], noDecay: [] as string[] };
  for (const name of names) (noDecay(name) ? groups.noDecay : groups.decay).push(name);
  return groups;
}
