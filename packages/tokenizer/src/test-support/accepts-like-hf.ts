/**
 * A shared test of the JSON readers: what HF accepts, we accept. Test-only (it declares vitest tests, so only test
 * files may import it); nothing in `src/index.ts` imports this folder.
 */
import { expect, it } from 'vitest';
import { TokenizerError } from '../errors';

/**
 * One test per JSON case: HF (`hf(json)` builds a tokenizer from it) and we (`ours(json, source)`) accept or reject
 * it alike, and our rejection is a one-line `TokenizerError` that starts with `source`.
 */
export function itAcceptsLikeHf(
  cases: unknown[],
  hf: (json: never) => unknown,
  ours: (json: unknown, source: string) => unknown,
  source: string,
): void {
  it.each(cases.map((json) => [JSON.stringify(json), json]))('agrees with HF on accepting %s', (_text, json) => {
    let hfAccepts = true;
    try {
      hf(json as never);
    } catch {
      hfAccepts = false;
    }
    let weAccept = true;
    try {
      ours(json, source);
    } catch (error) {
      expect(error).toBeInstanceOf(TokenizerError);
      expect((error as Error).message.slice(0, source.length)).toBe(source);
      expect((error as Error).message).not.toContain('\n');
      weAccept = false;
    }
    expect(weAccept).toBe(hfAccepts);
  });
}
