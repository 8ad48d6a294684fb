import { DataError } from '@bert/core';
import type { TokenizedDocument } from '../tokenize/tokenize-documents';
import { instancesFromDocument, type PairObjective } from './instances-from-document';
import { nonEmptyDocuments, type PairOptions, requireDocuments, resolvePairOptions } from './pair-options';
import type { TrainingInstance } from './training-instance';

/**
 * The reference's `create_training_instances` around `instancesFromDocument`: shuffle the documents, make
 * `dupeFactor` passes over them, shuffle the instances. Shared by NSP and SOP.
 */
export function createPairInstances(
  documents: readonly TokenizedDocument[],
  options: PairOptions,
  objective: PairObjective,
  caller: string,
): TrainingInstance[] {
  const resolved = resolvePairOptions(options, caller);
  const { rng } = options;
  const kept = rng.shuffle(nonEmptyDocuments(documents));
  requireDocuments(kept, caller);
  if (objective === 'nsp' && kept.length === 1) {
    throw new DataError(
      `${caller}: next-sentence prediction needs at least 2 documents (random B come from another document), got 1 (${kept[0]?.source}); separate documents with blank lines, or use createSopInstances`,
    );
  }
  const instances: TrainingInstance[] = [];
  for (let pass = 0; pass < resolved.dupeFactor; pass++) {
    for (let index = 0; index < kept.length; index++)
      instancesFromDocument(kept, index, resolved, objective, rng, instances);
  }
  return rng.shuffle(instances);
}

/**
 * BERT's masked-LM + next-sentence-prediction pairs (google-research/bert `create_pretraining_data.py`): about half
 * the instances have B = A's true continuation (label 0), the others a random span of another document (label 1).
 * `[CLS] A [SEP] B [SEP]` never exceeds `maxSeqLength`. Needs at least two non-empty documents (random B come from
 * a different document); with one, it throws a `DataError` rather than silently pairing a document with itself.
 *
 * The label balance is ½ plus a small bias, as in the reference: a chunk of one sentence (a long sentence, or the
 * last one of a document) always takes a random B.
 */
export function createNspInstances(documents: readonly TokenizedDocument[], options: PairOptions): TrainingInstance[] {
  return createPairInstances(documents, options, 'nsp', 'createNspInstances');
}

/**
 * ALBERT's sentence-order prediction: B is always A's true continuation, and half the instances are swapped
 * (label 1 = swapped, 0 = in order). Works on a single document.
 */
export function createSopInstances(documents: readonly TokenizedDocument[], options: PairOptions): TrainingInstance[] {
  return createPairInstances(documents, options, 'sop', 'createSopInstances');
}
