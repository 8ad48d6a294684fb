import type { NormalizedString } from '../normalized-string';
import type { ComponentJson, Normalizer } from '../types';
import {
  BERT_CONTROL_CLASS,
  BERT_MN_CLASS,
  BERT_WHITESPACE_CLASS,
  CHINESE_CLASS,
  isBertControl,
  isBertNonspacingMark,
  isChineseChar,
} from './char-classes';
import { normalizeText } from './normalize-text';

export interface BertNormalizerOptions {
  /** Remove control characters, NUL and U+FFFD, and turn every whitespace into a space. Default true. */
  cleanText?: boolean;
  /** Put spaces around CJK ideographs so each becomes a word. Default true. */
  handleChineseChars?: boolean;
  /** Decompose (NFD) and drop nonspacing marks. Default: the value of `lowercase`, as in BERT. */
  stripAccents?: boolean;
  /** Default true. */
  lowercase?: boolean;
}

/** Anything but printable ASCII, tab, LF and CR: when absent, the text takes the fast path. */
const NOT_PLAIN_ASCII = /[^\t\n\r\x20-\x7e]/;
const NON_ASCII = /[^\x00-\x7f]/;
const ASCII_WHITESPACE = /[\t\n\r]/g;
const CONTROL = new RegExp(BERT_CONTROL_CLASS, 'v');
// After controls are gone every whitespace is a single BMP code unit, so mapping it to ' ' keeps the shape.
const WHITESPACE_OTHER_THAN_SPACE = new RegExp(`[${BERT_WHITESPACE_CLASS}--[ ]]`, 'gv');
const CHINESE = new RegExp(CHINESE_CLASS, 'v');
const NONSPACING_MARK = new RegExp(BERT_MN_CLASS, 'v');

/**
 * BERT's normalizer (HF `BertNormalizer`), in HF's order: clean text, pad CJK ideographs with spaces, strip accents
 * (NFD, then drop nonspacing marks), lowercase.
 *
 * ```ts
 * new BertNormalizer().normalizeString('Héllo\tWORLD 你好'); // 'hello world  你  好 '
 * ```
 */
export class BertNormalizer implements Normalizer {
  readonly cleanText: boolean;
  readonly handleChineseChars: boolean;
  /** `undefined` follows `lowercase` (serialized as `null`). */
  readonly stripAccents: boolean | undefined;
  readonly lowercase: boolean;

  constructor(options: BertNormalizerOptions = {}) {
    this.cleanText = options.cleanText ?? true;
    this.handleChineseChars = options.handleChineseChars ?? true;
    this.stripAccents = options.stripAccents;
    this.lowercase = options.lowercase ?? true;
  }

  normalize(normalized: NormalizedString): void {
    const stripAccents = this.stripAccents ?? this.lowercase;
    const plain = !NOT_PLAIN_ASCII.test(normalized.normalized);
    if (plain || !NON_ASCII.test(normalized.normalized)) {
      // ASCII: no CJK, no accents, and every step keeps or removes whole code units.
      if (this.cleanText) {
        if (!plain) normalized.filterCodePoints((code) => !isBertControl(code));
        normalized.replaceSameShape(normalized.normalized.replace(ASCII_WHITESPACE, ' '));
      }
      if (this.lowercase) normalized.replaceSameShape(normalized.normalized.toLowerCase());
      return;
    }
    if (this.cleanText) {
      if (CONTROL.test(normalized.normalized)) normalized.filterCodePoints((code) => !isBertControl(code));
      normalized.replaceSameShape(normalized.normalized.replace(WHITESPACE_OTHER_THAN_SPACE, ' '));
    }
    if (this.handleChineseChars && CHINESE.test(normalized.normalized)) {
      normalized.surroundCodePoints(isChineseChar, ' ');
    }
    if (stripAccents) {
      normalized.nfd();
      if (NONSPACING_MARK.test(normalized.normalized)) {
        normalized.filterCodePoints((code) => !isBertNonspacingMark(code));
      }
    }
    if (this.lowercase) normalized.lowercase();
  }

  normalizeString(text: string): string {
    return normalizeText(this, text);
  }

  toJSON(): ComponentJson {
    return {
      type: 'BertNormalizer',
      clean_text: this.cleanText,
      handle_chinese_chars: this.handleChineseChars,
      strip_accents: this.stripAccents ?? null,
      lowercase: this.lowercase,
    };
  }
}
