import { ShapeError } from '@bert/core';

/** A chunk: its type and the positions of its first and last tag (inclusive), as seqeval's `(type, start, end)`. */
export interface Entity {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

/** Scores of one entity type, or of an average. */
export interface EntityScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** True entities (of this type, or all for an average). */
  readonly support: number;
}

/** seqeval's `classification_report(output_dict=True)` in its default mode, plus `accuracy_score`. */
export interface SeqevalReport {
  /** Per type, sorted by name, for every type found in the truth or in the predictions (seqeval ≥ 1.0). */
  readonly perType: Readonly<Record<string, EntityScores>>;
  readonly micro: EntityScores;
  readonly macro: EntityScores;
  readonly weighted: EntityScores;
  /** Token accuracy: equal tags / all tags (seqeval `accuracy_score`, which counts `O` tags too). */
  readonly accuracy: number;
  /** True entities, predicted entities, correctly predicted entities. */
  readonly counts: { readonly true: number; readonly predicted: number; readonly correct: number };
}

/** seqeval's split of a tag into its prefix letter and its type (`_` when there is none; `O` has type `_`). */
function splitTag(chunk: string): [tag: string, type: string] {
  const tag = chunk.charAt(0);
  // Python: chunk[1:].split('-', maxsplit=1)[-1] or '_'
  const rest = chunk.slice(1);
  const dash = rest.indexOf('-');
  const type = dash === -1 ? rest : rest.slice(dash + 1);
  return [tag, type === '' ? '_' : type];
}

/**
 * seqeval `end_of_chunk`: did a chunk end just before the current tag? Tags are the prefix letters
 * (`B I E S O`, or anything else for malformed tags); a change of type ends any chunk.
 */
export function endOfChunk(previousTag: string, tag: string, previousType: string, type: string): boolean {
  if (previousTag === 'E' || previousTag === 'S') return true;
  if ((previousTag === 'B' || previousTag === 'I') && (tag === 'B' || tag === 'S' || tag === 'O')) return true;
  return previousTag !== 'O' && previousTag !== '.' && previousType !== type;
}

/**
 * seqeval `start_of_chunk`: does a chunk start at the current tag? `B`/`S` always start one; an `I` or `E` after
 * `O`, `E` or `S` starts one too (this is how seqeval's default mode accepts ill-formed IOB2 and IOB1 input: an
 * `I-` tag after `O` begins an entity); so does any change of type.
 */
export function startOfChunk(previousTag: string, tag: string, previousType: string, type: string): boolean {
  if (tag === 'B' || tag === 'S') return true;
  if ((previousTag === 'E' || previousTag === 'S' || previousTag === 'O') && (tag === 'E' || tag === 'I')) return true;
  return tag !== 'O' && tag !== '.' && previousType !== type;
}

/**
 * seqeval `get_entities` (default mode, prefix tags): the chunks of one tag sequence, or of several sequences
 * concatenated with an `O` after each (so positions count across sentences and no chunk crosses a boundary, exactly
 * as seqeval flattens nested lists).
 *
 * @example getEntities(['B-PER', 'I-PER', 'O', 'B-LOC']) // [{ type: 'PER', start: 0, end: 1 }, { type: 'LOC', start: 3, end: 3 }]
 * @example getEntities(['O', 'I-PER', 'I-LOC']) // [{ type: 'PER', start: 1, end: 1 }, { type: 'LOC', start: 2, end: 2 }]
 */
export function getEntities(sequence: readonly string[] | readonly (readonly string[])[]): Entity[] {
  const flat: string[] = [];
  if (sequence.some((item) => Array.isArray(item))) {
    for (const sentence of sequence as readonly (readonly string[])[]) flat.push(...sentence, 'O');
  } else {
    flat.push(...(sequence as readonly string[]));
  }
  flat.push('O'); // closes a chunk that runs to the end
  const entities: Entity[] = [];
  let previousTag = 'O';
  let previousType = '';
  let begin = 0;
  for (let index = 0; index < flat.length; index++) {
    const [tag, type] = splitTag(flat[index] as string);
    if (endOfChunk(previousTag, tag, previousType, type)) {
      entities.push({ type: previousType, start: begin, end: index - 1 });
    }
    if (startOfChunk(previousTag, tag, previousType, type)) begin = index;
    previousTag = tag;
    previousType = type;
  }
  return entities;
}

function scores(correct: number, predicted: number, truth: number): EntityScores {
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = truth === 0 ? 0 : correct / truth;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, support: truth };
}

/**
 * Entity-level precision, recall and F1 exactly as seqeval 1.2 computes them by default (`mode=None`, prefix tags,
 * `zero_division=0`): entities of both sides from `getEntities` over the sentences, an entity correct when type,
 * start and end all match; per type, micro (pooled counts), macro (mean over types) and weighted (by support)
 * averages; and token accuracy. `truth` and `predicted` hold one tag sequence per sentence, of equal lengths.
 *
 * @example
 * seqevalReport([['O', 'B-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER']], [['B-MISC', 'I-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER']])
 * // micro { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 }, perType.MISC.f1 = 0, perType.PER.f1 = 1
 */
export function seqevalReport(
  truth: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
): SeqevalReport {
  if (truth.length !== predicted.length) {
    throw new ShapeError(`truth has ${truth.length} sentences but predicted has ${predicted.length}`);
  }
  let tokens = 0;
  let equal = 0;
  truth.forEach((sentence, index) => {
    const guess = predicted[index] as readonly string[];
    if (guess.length !== sentence.length) {
      throw new ShapeError(`sentence ${index}: ${sentence.length} true tags but ${guess.length} predicted`);
    }
    tokens += sentence.length;
    sentence.forEach((tag, position) => {
      if (guess[position] === tag) equal++;
    });
  });
  const byType = (entities: readonly Entity[]) => {
    const map = new Map<string, Set<string>>();
    for (const { type, start, end } of entities) {
      const set = map.get(type) ?? new Set<string>();
      set.add(`${start}:${end}`);
      map.set(type, set);
    }
    return map;
  };
  const trueByType = byType(getEntities(truth));
  const predictedByType = byType(getEntities(predicted));
  // Python's sorted() orders str by code point; so does comparing with < on strings without astral characters.
  const types = [...new Set([...trueByType.keys(), ...predictedByType.keys()])].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const perType: Record<string, EntityScores> = {};
  let correctSum = 0;
  let predictedSum = 0;
  let trueSum = 0;
  for (const type of types) {
    const trueSet = trueByType.get(type) ?? new Set<string>();
    const predictedSet = predictedByType.get(type) ?? new Set<string>();
    let correct = 0;
    for (const key of predictedSet) if (trueSet.has(key)) correct++;
    perType[type] = scores(correct, predictedSet.size, trueSet.size);
    correctSum += correct;
    predictedSum += predictedSet.size;
    trueSum += trueSet.size;
  }
  const rows = Object.values(perType);
  const mean = (pick: (row: EntityScores) => number, weight: (row: EntityScores) => number) => {
    const total = rows.reduce((sum, row) => sum + weight(row), 0);
    return total === 0 ? 0 : rows.reduce((sum, row) => sum + pick(row) * weight(row), 0) / total;
  };
  const average = (weight: (row: EntityScores) => number): EntityScores => ({
    precision: mean((row) => row.precision, weight),
    recall: mean((row) => row.recall, weight),
    f1: mean((row) => row.f1, weight),
    support: trueSum,
  });
  return {
    perType,
    micro: scores(correctSum, predictedSum, trueSum),
    macro: average(() => 1),
    weighted: average((row) => row.support),
    accuracy: tokens === 0 ? 0 : equal / tokens,
    counts: { true: trueSum, predicted: predictedSum, correct: correctSum },
  };
}
