import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo, main } from '../src/index.js';

/** A temporary directory removed by `cleanup()`. */
export function tempDir(prefix: string): {
  dir: string;
  file: (name: string, content: string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file: (name, content) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs the CLI in-process; returns the exit code and what it printed. */
export async function run(argv: readonly string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const code = await main(argv, io);
  return { code, out, err };
}

/** A seeded LCG, so the synthetic data sets are the same on every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const FILLER = ['the', 'film', 'was', 'a', 'story', 'with', 'plot', 'and', 'cast', 'this', 'it', 'is'];
const POSITIVE = ['good', 'great', 'fine', 'lovely'];
const NEGATIVE = ['bad', 'awful', 'dull', 'poor'];

/**
 * Separable sentiment: a sentence of filler words with exactly one cue word; the label is the cue's class. A
 * model that learns the cue embedding reaches 100%.
 */
export function sentimentRows(count: number, seed: number): [string, string][] {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: count }, (_, index) => {
    const positive = index % 2 === 0;
    const words = Array.from({ length: 3 + Math.floor(random() * 4) }, () => pick(FILLER));
    words.splice(Math.floor(random() * (words.length + 1)), 0, pick(positive ? POSITIVE : NEGATIVE));
    return [words.join(' '), positive ? 'pos' : 'neg'];
  });
}

/** Pairs: label `same` when both sentences carry the same cue class. */
export function pairRows(count: number, seed: number): [string, string, string][] {
  const a = sentimentRows(count, seed);
  const b = sentimentRows(count, seed + 1);
  const random = seeded(seed + 2);
  return a.map(([text, label], index) => {
    const other = b[(index + Math.floor(random() * 2)) % b.length] as [string, string];
    return [text, other[0], label === other[1] ? 'same' : 'different'];
  });
}

const NAMES = ['Anna', 'Boris', 'Clara', 'Dmitri'];
const PLACES = ['Paris', 'Oslo', 'Lima', 'Kyoto'];

/** NER sentences in CoNLL (word POS chunk tag): names are B-PER (two-word names B-PER I-PER), cities B-LOC. */
export function conllText(count: number, seed: number): string {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const lines = ['-DOCSTART- -X- -X- O', ''];
  for (let index = 0; index < count; index++) {
    const rows: string[] = [];
    rows.push(`${pick(NAMES)} NNP B-NP B-PER`);
    if (random() < 0.5) rows.push(`${pick(NAMES)}son NNP I-NP I-PER`);
    rows.push('lives VBZ B-VP O', 'in IN B-PP O');
    rows.push(`${pick(PLACES)} NNP B-NP B-LOC`);
    rows.push('. . O O');
    lines.push(...rows, '');
  }
  return `${lines.join('\n')}\n`;
}

/** Regression: the score is the number of cue words (0–3), as JSONL. */
export function regressionJsonl(count: number, seed: number): string {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  return `${Array.from({ length: count }, () => {
    const score = Math.floor(random() * 4);
    const words = [
      ...Array.from({ length: 3 }, () => pick(FILLER)),
      ...Array.from({ length: score }, () => pick(POSITIVE)),
    ];
    return JSON.stringify({ text: words.join(' '), score: score.toFixed(1) });
  }).join('\n')}\n`;
}

export const tsv = (rows: readonly (readonly string[])[], header: readonly string[]) =>
  `${[header, ...rows].map((row) => row.join('\t')).join('\n')}\n`;
