import { Lowercase } from './lowercase';
import { Replace } from './replace';
import { SequenceNormalizer } from './sequence-normalizer';

/** The characters the course's tokenizer deletes, as an HF `Replace` regex (saved as `[.,!?\\-]`, as HF has it). */
// biome-ignore lint/complexity/noUselessEscapeInRegex: the escaped dash is part of the pattern saved to tokenizer.json
export const COURSE_DELETED_CHARACTERS = /[.,!?\-]/;

/**
 * The course's text cleaning as HF components: lowercase, then delete `.,!?-`. Pair it with the `WhitespaceSplit`
 * pre-tokenizer (the course splits on spaces). Saved, it is
 * `{"type":"Sequence","normalizers":[{"type":"Lowercase"},{"type":"Replace","pattern":{"Regex":"[.,!?\\-]"},"content":""}]}`.
 *
 * ```ts
 * courseNormalizer().normalizeString('Romeo, Juliet!'); // 'romeo juliet'
 * ```
 */
export function courseNormalizer(): SequenceNormalizer {
  return new SequenceNormalizer([new Lowercase(), new Replace({ pattern: COURSE_DELETED_CHARACTERS, content: '' })]);
}
