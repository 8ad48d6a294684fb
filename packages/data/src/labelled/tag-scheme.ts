export const TAG_SCHEMES = ['iob1', 'iob2', 'bioes', 'none'] as const;
/**
 * How entity tags are written: `iob1` (CoNLL-2003's original: `I-` inside and at the start, `B-` only between two
 * adjacent entities of one type), `iob2` (`B-` starts every entity), `bioes` (also `E-` ends and `S-` singletons), or
 * `none` (plain tags such as POS: no entity structure).
 */
export type TagScheme = (typeof TAG_SCHEMES)[number];

const PREFIXED = /^([BIES])-(.+)$/;

/**
 * Why `tag` is not valid in `scheme`, or undefined when it is. Only prefixes are checked (`B-`/`I-` for IOB, also
 * `E-`/`S-` for BIOES, and `O`); transitions such as `O I-PER` are left to the metric, as seqeval does.
 */
export function tagProblem(tag: string, scheme: TagScheme): string | undefined {
  if (scheme === 'none' || tag === 'O') return undefined;
  const match = PREFIXED.exec(tag);
  const allowed = scheme === 'bioes' ? 'BIES' : 'BI';
  if (match === null || !allowed.includes(match[1] as string)) {
    const form = scheme === 'bioes' ? 'O, B-X, I-X, E-X or S-X' : 'O, B-X or I-X';
    return `tag "${tag}" is not ${scheme.toUpperCase()} (${form}); pass the right tag scheme, or none for plain tags`;
  }
  return undefined;
}

/** `iob2`/`bioes` when every tag is `O` or prefixed (`bioes` if an `E-`/`S-` occurs), else `none`. */
export function detectTagScheme(tags: Iterable<string>): TagScheme {
  let bioes = false;
  let prefixed = false;
  for (const tag of tags) {
    if (tag === 'O') continue;
    const match = PREFIXED.exec(tag);
    if (match === null) return 'none';
    prefixed = true;
    if (match[1] === 'E' || match[1] === 'S') bioes = true;
  }
  if (!prefixed) return 'none';
  return bioes ? 'bioes' : 'iob2';
}

/**
 * IOB1 → IOB2: an `I-X` that does not continue an entity of type X (after `O`, at the start, or after another type)
 * becomes `B-X`. The usual conversion (HF's CoNLL-2003 loader ships IOB2).
 *
 * @example iob1ToIob2(['I-PER', 'I-PER', 'B-PER', 'O', 'I-LOC']) // ['B-PER', 'I-PER', 'B-PER', 'O', 'B-LOC']
 */
export function iob1ToIob2(tags: readonly string[]): string[] {
  return tags.map((tag, index) => {
    if (!tag.startsWith('I-')) return tag;
    const previous = index === 0 ? 'O' : (tags[index - 1] as string);
    const type = tag.slice(2);
    return previous === 'O' || previous.slice(2) !== type ? `B-${type}` : tag;
  });
}
