import { TokenizerError } from '../errors';
import { UNICODE_17_NEW_CLASS } from './char-classes';

/**
 * Translates an oniguruma (Ruby syntax) pattern, as HF `tokenizers` stores in `tokenizer.json` (`{"Regex": "…"}`),
 * into a JavaScript regex (`v` flag) with the same matches on the usual tokenizer patterns: oniguruma's Unicode
 * `\s \d \w \h`, `\p{…}` including bare script names (`\p{Han}`), `(?i:…)` groups, `{,n}`, `\A \z \Z`, and `^ $` as
 * line anchors. Property classes leave out the characters new in Unicode 17, which HF's oniguruma does not know yet.
 * Constructs JavaScript cannot express (atomic groups, possessive quantifiers, class intersections, nested classes,
 * POSIX brackets, `\G`, `\K`, `\X`…) throw a `TokenizerError` naming `source`.
 *
 * ```ts
 * regexFromOnig("(?i:'s|'t)|\\s+(?!\\S)", 'pre_tokenizer.pattern');
 * // → /(?:'[sS]|'[tT])|[\p{White_Space}]+(?!\P{White_Space})/mv
 * ```
 */
export function regexFromOnig(pattern: string, source: string): RegExp {
  const translator = new Translator(pattern, source);
  const { body, flags } = translator.translate();
  try {
    const regex = new RegExp(body, flags);
    onigSources.set(regex, pattern);
    return regex;
  } catch (error) {
    throw new TokenizerError(`${source}: invalid regex ${JSON.stringify(pattern)} (${(error as Error).message})`);
  }
}

const onigSources = new WeakMap<RegExp, string>();

/** The pattern as HF stores it: the oniguruma source `regex` was translated from, or else its own source. */
export function regexToOnig(regex: RegExp): string {
  return onigSources.get(regex) ?? regex.source;
}

/**
 * Oniguruma's Unicode `\\w`: Alphabetic, marks, decimal digits, connectors. Outside a class it also takes
 * `² ³ ¹ ¼ ½ ¾` (a Latin-1 shortcut of oniguruma); inside a class (`[\\w]`, `[^\\w\\s]`) it does not.
 */
const WORD_IN_CLASS = `[[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}]--${UNICODE_17_NEW_CLASS}]`;
const WORD = `[${WORD_IN_CLASS}\\u00b2\\u00b3\\u00b9\\u00bc-\\u00be]`;
const HEX = '0-9a-fA-F';

class Translator {
  private index = 0;
  private output = '';
  /** Case-insensitivity of each open group, innermost last. */
  private readonly caseStack: boolean[] = [false];
  private globalIgnoreCase = false;

  constructor(
    private readonly pattern: string,
    private readonly source: string,
  ) {}

  translate(): { body: string; flags: string } {
    if (this.pattern.startsWith('(?i)')) {
      this.globalIgnoreCase = true;
      this.index = 4;
    }
    while (this.index < this.pattern.length) this.step();
    return { body: this.output, flags: this.globalIgnoreCase ? 'imv' : 'mv' };
  }

  private fail(what: string): never {
    throw new TokenizerError(
      `${this.source}: regex ${JSON.stringify(this.pattern)} uses ${what}, which JavaScript regexes cannot express`,
    );
  }

  private get ignoreCase(): boolean {
    return this.caseStack[this.caseStack.length - 1]!;
  }

  private step(): void {
    const char = this.pattern[this.index]!;
    if (char === '\\') {
      this.escape(false);
      return;
    }
    if (char === '[') {
      this.characterClass();
      return;
    }
    if (char === '(') {
      this.group();
      return;
    }
    if (char === ')') {
      if (this.caseStack.length > 1) this.caseStack.pop();
      this.output += ')';
      this.index++;
      return;
    }
    if (char === '{') {
      this.quantifier();
      return;
    }
    if ((char === '+' || char === '*' || char === '?') && this.pattern[this.index + 1] === '+') {
      this.fail('a possessive quantifier');
    }
    // A lone `}` or `]` is a literal for oniguruma but a syntax error for a `u` regex.
    if (char === '}' || char === ']') this.output += `\\${char}`;
    else this.output += this.ignoreCase ? caseless(char) : char;
    this.index++;
  }

  private quantifier(): void {
    const match = /^\{(\d*),?(\d*)\}/.exec(this.pattern.slice(this.index));
    if (match === null) {
      this.output += '\\{';
      this.index++;
      return;
    }
    const text = match[0];
    this.output += text.startsWith('{,') ? `{0${text.slice(1)}` : text;
    this.index += text.length;
    if (this.pattern[this.index] === '+') this.fail('a possessive quantifier');
  }

  private group(): void {
    const rest = this.pattern.slice(this.index);
    const flagged = /^\(\?([imx-]+)(:|\))/.exec(rest);
    if (flagged !== null) {
      const flags = flagged[1]!;
      if (flags !== 'i' && flags !== '-i') this.fail(`the inline option "(?${flags}"`);
      if (flagged[2] === ')') this.fail('an inline option not at the start');
      this.caseStack.push(flags === 'i');
      this.output += '(?:';
      this.index += flagged[0].length;
      return;
    }
    if (rest.startsWith('(?>')) this.fail('an atomic group "(?>"');
    if (rest.startsWith('(?~')) this.fail('an absence operator "(?~"');
    if (rest.startsWith('(?#')) {
      const end = this.pattern.indexOf(')', this.index);
      this.index = end === -1 ? this.pattern.length : end + 1;
      return;
    }
    const opener = /^\((\?(:|=|!|<=|<!|<[A-Za-z_]\w*>|'[A-Za-z_]\w*'))?/.exec(rest)![0];
    this.caseStack.push(this.ignoreCase);
    this.output += opener.startsWith("(?'") ? `(?<${opener.slice(3, -1)}>` : opener;
    this.index += opener.length;
  }

  /** An escape at `index`; inside a class, returns class items instead of a standalone atom. */
  private escape(inClass: boolean): void {
    const next = this.pattern[this.index + 1];
    if (next === undefined) this.fail('a trailing backslash');
    this.index += 2;
    const [atom, items] = this.escapeForms(next, inClass);
    this.output += inClass ? items : atom;
  }

  /** The translation of `\\next` as a standalone atom and as items inside a class. */
  private escapeForms(next: string, inClass: boolean): [string, string] {
    switch (next) {
      case 's':
        return ['[\\p{White_Space}]', '\\p{White_Space}'];
      case 'S':
        return ['\\P{White_Space}', '\\P{White_Space}'];
      case 'd':
        return [newFree('\\p{Nd}'), newFree('\\p{Nd}')];
      case 'D':
        return [`[^${newFree('\\p{Nd}')}]`, `[^${newFree('\\p{Nd}')}]`];
      case 'w':
        return [WORD, WORD_IN_CLASS];
      case 'W':
        return [`[^${WORD}]`, `[^${WORD_IN_CLASS}]`];
      case 'h':
        return [`[${HEX}]`, HEX];
      case 'H':
        return [`[^${HEX}]`, `[^${HEX}]`];
      case 'p':
      case 'P': {
        const property = this.property(next);
        return [property, property];
      }
      case 'x': {
        const hex = this.hexEscape();
        return [hex, hex];
      }
      case 'A':
        if (inClass) this.fail('"\\A" inside a character class');
        return ['(?<![\\s\\S])', ''];
      case 'z':
        if (inClass) this.fail('"\\z" inside a character class');
        return ['(?![\\s\\S])', ''];
      case 'Z':
        if (inClass) this.fail('"\\Z" inside a character class');
        return ['(?=\\n?(?![\\s\\S]))', ''];
      case 'n':
      case 'r':
      case 't':
      case 'f':
      case 'v':
      case 'B':
        if (inClass) this.fail('"\\B" inside a character class');
        return ['\\B', ''];
      case 'b':
      case '0':
        return [`\\${next}`, next === 'b' ? '\\x08' : `\\${next}`];
      default:
        if (/[1-9]/.test(next) && !inClass) return [`\\${next}`, ''];
        if (next === 'k' && !inClass) return ['\\k', ''];
        if (/[A-Za-z0-9]/.test(next)) this.fail(`the escape "\\${next}"`);
        return [escapeLiteral(next, false), escapeLiteral(next, true)];
    }
  }

  private hexEscape(): string {
    const braced = /^\{([0-9A-Fa-f]+)\}/.exec(this.pattern.slice(this.index));
    if (braced !== null) {
      this.index += braced[0].length;
      return `\\u{${braced[1]}}`;
    }
    const short = /^[0-9A-Fa-f]{2}/.exec(this.pattern.slice(this.index));
    if (short === null) this.fail('a malformed "\\x" escape');
    this.index += 2;
    return `\\x${short[0]}`;
  }

  private property(letter: 'p' | 'P'): string {
    const match = /^\{(\^?)([A-Za-z0-9_ =-]+)\}/.exec(this.pattern.slice(this.index));
    if (match === null) this.fail(`a malformed "\\${letter}" escape`);
    this.index += match[0].length;
    const negated = (letter === 'P') !== (match[1] === '^');
    const name = match[2]!;
    // Oniguruma accepts bare script names (\p{Han}); JavaScript wants \p{Script=Han}.
    const property = isValidProperty(name) ? name : `Script=${name}`;
    if (!isValidProperty(property)) this.fail(`the unknown property "${name}"`);
    const positive = newFree(`\\p{${property}}`);
    return negated ? `[^${positive}]` : positive;
  }

  private characterClass(): void {
    this.index++;
    let body = '';
    if (this.pattern[this.index] === '^') {
      body += '^';
      this.index++;
    }
    if (this.pattern[this.index] === ']') {
      body += '\\]';
      this.index++;
    }
    const saved = this.output;
    this.output = '';
    while (this.index < this.pattern.length && this.pattern[this.index] !== ']') {
      const char = this.pattern[this.index]!;
      if (char === '[') this.fail(this.pattern.startsWith('[:', this.index) ? 'a POSIX bracket' : 'a nested class');
      if (char === '&' && this.pattern[this.index + 1] === '&') this.fail('a class intersection "&&"');
      if (char === '\\') {
        this.escape(true);
        continue;
      }
      if (char === '-') {
        // A range dash between two items; a literal one first or last.
        const literal = this.output === '' || this.pattern[this.index + 1] === ']';
        this.output += literal ? '\\-' : '-';
        this.index++;
        continue;
      }
      const range = this.ignoreCase ? /^(.)-([^\]\\])/u.exec(this.pattern.slice(this.index)) : null;
      if (range !== null) {
        this.output += `${escapeLiteral(range[1]!, true)}-${escapeLiteral(range[2]!, true)}${otherCaseRange(range[1]!, range[2]!)}`;
        this.index += range[0].length;
        continue;
      }
      const codePoint = String.fromCodePoint(this.pattern.codePointAt(this.index)!);
      this.output += this.ignoreCase ? caselessItems(codePoint) : escapeLiteral(codePoint, true);
      this.index += codePoint.length;
    }
    if (this.index >= this.pattern.length) this.fail('an unterminated character class');
    this.index++;
    body += this.output;
    this.output = `${saved}[${body}]`;
  }
}

const propertyValidity = new Map<string, boolean>();
function isValidProperty(name: string): boolean {
  let valid = propertyValidity.get(name);
  if (valid === undefined) {
    try {
      new RegExp(`\\p{${name}}`, 'u');
      valid = true;
    } catch {
      valid = false;
    }
    propertyValidity.set(name, valid);
  }
  return valid;
}

/** `property` without the Unicode 17 additions (a nested class, valid inside and outside classes with `v`). */
function newFree(property: string): string {
  return `[${property}--${UNICODE_17_NEW_CLASS}]`;
}

/**
 * A literal character for a `v` regex. Inside a class every ASCII punctuation character is escaped: the `v` flag
 * reserves `( ) [ ] { } / - | \` and doubled punctuators such as `&&` or `!!` there.
 */
function escapeLiteral(char: string, inClass: boolean): string {
  if (inClass) return '^$\\.*+?()[]{}|/&-!#%,:;<=>@`~'.includes(char) ? `\\${char}` : char;
  return '\\^$.|?*+()[]{}/'.includes(char) ? `\\${char}` : char;
}

function caseless(char: string): string {
  const lower = char.toLowerCase();
  const upper = char.toUpperCase();
  return lower !== upper && lower.length === 1 && upper.length === 1 ? `[${lower}${upper}]` : char;
}

function caselessItems(char: string): string {
  const lower = char.toLowerCase();
  const upper = char.toUpperCase();
  if (lower === upper || lower.length !== 1 || upper.length !== 1) return escapeLiteral(char, true);
  return lower + upper;
}

function otherCaseRange(from: string, to: string): string {
  if (/[a-z]/.test(from) && /[a-z]/.test(to)) return `${from.toUpperCase()}-${to.toUpperCase()}`;
  if (/[A-Z]/.test(from) && /[A-Z]/.test(to)) return `${from.toLowerCase()}-${to.toLowerCase()}`;
  return '';
}
