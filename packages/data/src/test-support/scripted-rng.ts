import { Rng } from '../random';

/** One expected draw: `['next', value]`, or `['int', n, value]` (the test also checks the `n` asked for). */
export type ScriptedDraw = readonly ['next', number] | readonly ['int', number, number];

/**
 * An Rng that replays a hand-written script and fails on any draw the script did not expect, so a test can walk
 * through the reference algorithm draw by draw.
 */
export class ScriptedRng extends Rng {
  private position = 0;

  constructor(private readonly script: readonly ScriptedDraw[]) {
    super(0);
  }

  get remaining(): number {
    return this.script.length - this.position;
  }

  private take(kind: 'next' | 'int', n?: number): number {
    const draw = this.script[this.position];
    if (draw === undefined)
      throw new Error(`script exhausted at draw ${this.position} (${kind}${n === undefined ? '' : `(${n})`})`);
    if (draw[0] !== kind || (draw[0] === 'int' && draw[1] !== n)) {
      throw new Error(`draw ${this.position}: script expects ${JSON.stringify(draw)}, got ${kind}(${n ?? ''})`);
    }
    this.position++;
    return draw[0] === 'int' ? draw[2] : draw[1];
  }

  override next(): number {
    return this.take('next');
  }

  override int(n: number): number {
    return this.take('int', n);
  }
}
