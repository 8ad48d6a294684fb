/** Where an example came from: the file and the 1-based line its record starts on (for error messages). */
export interface SourceLine {
  readonly file: string;
  readonly line: number;
}

/**
 * One row of a TSV / CSV / JSONL file for sequence or pair classification and regression: the text, the optional
 * second text of a pair, and the label as written (a string; `undefined` when the file has no label column).
 */
export interface TextExample extends SourceLine {
  readonly text: string;
  readonly textPair?: string;
  readonly label?: string;
}

/** One sentence of a CoNLL (or JSONL) file for token classification: its words and their tags, if labelled. */
export interface TaggedSentence extends SourceLine {
  readonly tokens: readonly string[];
  readonly tags?: readonly string[];
}

/** What a reader returns: the examples, and how many bad rows were skipped (`skipBadRows`). */
export interface ReadResult<T> {
  readonly examples: T[];
  readonly skipped: number;
}

/**
 * Bad-row policy of every reader: by default the first malformed row is a `DataError` naming file, line and what is
 * wrong; with `skipBadRows` the row is dropped, counted, and its message passed to `onWarning`.
 */
export interface BadRowOptions {
  readonly skipBadRows?: boolean;
  /** Receives each skipped row's message (one line). Default: nothing. */
  readonly onWarning?: (message: string) => void;
}
