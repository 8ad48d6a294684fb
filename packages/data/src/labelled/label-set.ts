import { DataError } from '@bert/core';
import type { SourceLine } from './labelled-example';

/**
 * The labels of a classification task, numbered as HF does: taken from the training data and sorted (numerically
 * when every label is an integer, so `0, 1, 2, 10`; else by code point), saved with the model as `id2label` /
 * `label2id` in `config.json`. Looking up a label that training never saw is a `DataError` naming file, line and label.
 *
 * @example
 * const labels = LabelSet.fromLabels(['pos', 'neg', 'pos']); // names ['neg', 'pos']
 * labels.id('pos', { file: 'dev.tsv', line: 7 }); // 1
 */
export class LabelSet {
  readonly names: readonly string[];
  readonly #ids: ReadonlyMap<string, number>;

  constructor(names: readonly string[]) {
    const ids = new Map<string, number>();
    names.forEach((name, id) => {
      if (ids.has(name)) throw new DataError(`label "${name}" appears twice in the label set`);
      ids.set(name, id);
    });
    if (names.length === 0) throw new DataError('a label set needs at least one label');
    this.names = Object.freeze([...names]);
    this.#ids = ids;
  }

  /** The sorted distinct labels of `labels` (HF `run_glue`/`run_ner`: `sorted(set(labels))`). */
  static fromLabels(labels: Iterable<string>): LabelSet {
    const distinct = [...new Set(labels)];
    const numeric = distinct.length > 0 && distinct.every((label) => /^-?\d+$/.test(label));
    distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return new LabelSet(distinct);
  }

  /** From a config's `id2label` (names in id order). */
  static fromId2Label(id2label: readonly string[]): LabelSet {
    return new LabelSet(id2label);
  }

  get size(): number {
    return this.names.length;
  }

  has(label: string): boolean {
    return this.#ids.has(label);
  }

  /** The id of `label`; a label outside the set is a `DataError` naming where it was read. */
  id(label: string | undefined, where: SourceLine): number {
    if (label === undefined) throw new DataError(`${where.file}:${where.line}: no label`);
    const id = this.#ids.get(label);
    if (id === undefined) {
      const shown = this.names.length <= 20 ? this.names.join(', ') : `${this.names.slice(0, 20).join(', ')}, …`;
      throw new DataError(
        `${where.file}:${where.line}: label "${label}" was not seen in the training data (labels: ${shown})`,
      );
    }
    return id;
  }

  name(id: number): string {
    const name = this.names[id];
    if (name === undefined) throw new DataError(`label id ${id} is outside 0…${this.names.length - 1}`);
    return name;
  }

  /** HF `config.json` fields. */
  toJSON(): { id2label: Record<string, string>; label2id: Record<string, number> } {
    return {
      id2label: Object.fromEntries(this.names.map((name, id) => [String(id), name])),
      label2id: Object.fromEntries(this.names.map((name, id) => [name, id])),
    };
  }
}

/** Parses a regression target; a non-number is a `DataError` naming where it was read. */
export function regressionTarget(label: string | undefined, where: SourceLine): number {
  if (label === undefined) throw new DataError(`${where.file}:${where.line}: no label`);
  const value = Number(label);
  if (label.trim() === '' || !Number.isFinite(value)) {
    throw new DataError(`${where.file}:${where.line}: regression label "${label}" is not a number`);
  }
  return value;
}
