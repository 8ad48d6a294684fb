/**
 * The course's six-line Romeo and Juliet text, verbatim (one sentence per line): the `seed` preset's corpus.
 * `courseTokenizer(COURSE_TEXT)` from `@bert/tokenizer` gives its whitespace vocabulary, `courseBatch` its batch.
 */
export const COURSE_TEXT =
  'Hello, how are you? I am Romeo.\n' +
  'Hello, Romeo My name is Juliet. Nice to meet you.\n' +
  'Nice meet you too. How are you today?\n' +
  'Great. My baseball team won the competition.\n' +
  'Oh Congratulations, Juliet\n' +
  'Thanks you Romeo';

/** The lines of a course-style text (the course's `text.split('\n')`); normalization is the tokenizer's job. */
export function courseSentences(text: string = COURSE_TEXT): string[] {
  return text.split('\n');
}
