import type { Encoding } from '../encoding';
import { TokenizerError } from '../errors';
import type { ComponentJson } from '../types';
import { BaseProcessor, specialEncoding } from './base-processor';

/** One element of a template: an input sequence (A or B) or a special token, each with the type id it gets. */
export type Piece =
  | { kind: 'sequence'; id: 'A' | 'B'; typeId: number }
  | { kind: 'special'; id: string; typeId: number };

/** A special token of a template; usually one id, but HF allows several (`ids.length === tokens.length`). */
export interface TemplateSpecialToken {
  id: string;
  ids: number[];
  tokens: string[];
}

/**
 * Parses HF's template syntax: `$A`, `$B`, `$0` (A with type id 0), `$B:1`, `[CLS]`, `[SEP]:1`.
 * Example: `parsePiece('$B:1')` → `{ kind: 'sequence', id: 'B', typeId: 1 }`.
 */
export function parsePiece(text: string): Piece {
  const parts = text.split(':');
  const fail = () => new TokenizerError(`cannot build a template piece from "${text}"`);
  if (parts.length > 2 || parts[0] === undefined) throw fail();
  let typeId = 0;
  if (parts.length === 2) {
    if (!/^\d+$/.test(parts[1]!)) throw fail();
    typeId = Number(parts[1]);
  }
  const id = parts[0];
  if (!id.startsWith('$')) return { kind: 'special', id, typeId };
  const rest = id.slice(1);
  if (rest === '' || rest === 'A' || rest === 'a') return { kind: 'sequence', id: 'A', typeId };
  if (rest === 'B' || rest === 'b') return { kind: 'sequence', id: 'B', typeId };
  if (/^\d+$/.test(rest) && parts.length === 1) return { kind: 'sequence', id: 'A', typeId: Number(rest) };
  throw fail();
}

function parseTemplate(template: string | readonly (string | Piece)[]): Piece[] {
  const pieces = typeof template === 'string' ? template.split(' ') : template;
  return pieces.map((piece) => (typeof piece === 'string' ? parsePiece(piece) : piece));
}

/**
 * HF's `TemplateProcessing`: `single` and `pair` templates place the sequences and special tokens, e.g. BERT is
 * `single: '[CLS] $A [SEP]'`, `pair: '[CLS] $A [SEP] $B:1 [SEP]:1'`, `specialTokens: [['[CLS]', 101], ['[SEP]', 102]]`.
 */
export class TemplateProcessing extends BaseProcessor {
  readonly single: Piece[];
  readonly pair: Piece[];
  readonly specialTokens: Map<string, TemplateSpecialToken>;

  constructor(options: {
    single?: string | readonly (string | Piece)[];
    pair?: string | readonly (string | Piece)[];
    specialTokens?: readonly ([string, number] | TemplateSpecialToken)[];
  }) {
    super();
    this.single = parseTemplate(options.single ?? '$0');
    this.pair = parseTemplate(options.pair ?? '$A:0 $B:1');
    this.specialTokens = new Map();
    for (const token of options.specialTokens ?? []) {
      const special = Array.isArray(token) ? { id: token[0], ids: [token[1]], tokens: [token[0]] } : token;
      if (special.ids.length !== special.tokens.length) {
        throw new TokenizerError(`special token "${special.id}": ids and tokens must have the same length`);
      }
      this.specialTokens.set(special.id, special);
    }
    const ids = new Set(this.pair.filter((piece) => piece.kind === 'sequence').map((piece) => piece.id));
    if (!(ids.has('A') && ids.has('B')))
      throw new TokenizerError('the pair template must use both sequences $A and $B');
    const missing = [...this.single, ...this.pair].filter(
      (piece) => piece.kind === 'special' && !this.specialTokens.has(piece.id),
    );
    if (missing.length > 0) {
      const names = [...new Set(missing.map((piece) => piece.id))].join(', ');
      throw new TokenizerError(`template uses special token(s) ${names} missing from special_tokens`);
    }
  }

  addedTokens(isPair: boolean): number {
    let count = 0;
    for (const piece of isPair ? this.pair : this.single) {
      if (piece.kind === 'special') count += this.specialTokens.get(piece.id)?.ids.length ?? 0;
    }
    return count;
  }

  processEncodings(encodings: Encoding[], addSpecialTokens: boolean): Encoding[] {
    const template = encodings.length === 2 ? this.pair : this.single;
    const result: Encoding[] = [];
    for (const piece of template) {
      if (piece.kind === 'sequence') {
        const index = piece.id === 'A' ? 0 : 1;
        const encoding = encodings[index];
        if (!encoding) throw new TokenizerError('the template expects a pair sequence, but none was given');
        encoding.typeIds = new Array<number>(encoding.length).fill(piece.typeId);
        encoding.setSequenceId(index);
        result.push(encoding.clone());
      } else if (addSpecialTokens) {
        const special = this.specialTokens.get(piece.id)!;
        result.push(specialEncoding(special.ids, special.tokens, piece.typeId));
      }
    }
    return result;
  }

  toJSON(): ComponentJson {
    const pieceJson = (piece: Piece) =>
      piece.kind === 'sequence'
        ? { Sequence: { id: piece.id, type_id: piece.typeId } }
        : { SpecialToken: { id: piece.id, type_id: piece.typeId } };
    const sorted = [...this.specialTokens.keys()].sort();
    return {
      type: 'TemplateProcessing',
      single: this.single.map(pieceJson),
      pair: this.pair.map(pieceJson),
      special_tokens: Object.fromEntries(
        sorted.map((id) => {
          const special = this.specialTokens.get(id)!;
          return [id, { id: special.id, ids: [...special.ids], tokens: [...special.tokens] }];
        }),
      ),
    };
  }
}
