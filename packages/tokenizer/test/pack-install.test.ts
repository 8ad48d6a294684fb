/**
 * The package must be installable alone: `npm pack` it, install the tarball into an empty folder outside the repo,
 * and use it from plain Node ESM and from TypeScript — with no other @bert/* package and no tfjs in the tree.
 * Needs the built `dist/` (turbo runs `build` before `test`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = resolve(import.meta.dirname, '..');
const repoRoot = resolve(packageDir, '../..');
const workDir = mkdtempSync(join(tmpdir(), 'bert-tokenizer-pack-'));

const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('npm pack → install into an empty folder', () => {
  beforeAll(() => {
    if (!existsSync(join(packageDir, 'dist/index.js'))) throw new Error('build @bert/tokenizer first (npm run build)');
    const tarball = run('npm', ['pack', '--pack-destination', workDir, '--silent'], packageDir)
      .trim()
      .split('\n')
      .pop()!;
    writeFileSync(join(workDir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    run('npm', ['install', '--no-audit', '--no-fund', '--offline', join(workDir, tarball)], workDir);
  }, 120_000);
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('installs with nothing else in node_modules', () => {
    const installed = readdirSync(join(workDir, 'node_modules')).filter((name) => !name.startsWith('.'));
    expect(installed).toEqual(['@bert']);
    expect(readdirSync(join(workDir, 'node_modules/@bert'))).toEqual(['tokenizer']);
  });

  it('encodes from plain Node ESM', () => {
    writeFileSync(
      join(workDir, 'use.mjs'),
      `import { bertWordPieceTokenizer } from '@bert/tokenizer';
const vocab = { '[PAD]': 0, '[UNK]': 1, '[CLS]': 2, '[SEP]': 3, '[MASK]': 4, hello: 5, world: 6, '!': 7, wor: 8, '##ld': 9 };
const tokenizer = bertWordPieceTokenizer({ vocab });
const encoding = tokenizer.encode('Hello, World!');
console.log(JSON.stringify({ tokens: encoding.tokens, ids: encoding.ids, offsets: encoding.offsets }));`,
    );
    const output = JSON.parse(run('node', ['use.mjs'], workDir));
    expect(output).toEqual({
      tokens: ['[CLS]', 'hello', '[UNK]', 'world', '!', '[SEP]'],
      ids: [2, 5, 1, 6, 7, 3],
      offsets: [
        [0, 0],
        [0, 5],
        [5, 6],
        [7, 12],
        [12, 13],
        [0, 0],
      ],
    });
  });

  it('typechecks from TypeScript', () => {
    writeFileSync(
      join(workDir, 'use.ts'),
      `import { type Encoding, Tokenizer, bertWordPieceTokenizer } from '@bert/tokenizer';
const tokenizer: Tokenizer = bertWordPieceTokenizer({ vocab: { '[UNK]': 0, '[CLS]': 1, '[SEP]': 2, a: 3 } });
const encoding: Encoding = tokenizer.encode('a a');
const ids: number[] = encoding.ids;
// @ts-expect-error offsets are number pairs, not strings
const wrong: string = encoding.offsets[0];
export { ids, wrong };`,
    );
    writeFileSync(
      join(workDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          noEmit: true,
          target: 'ES2022',
          types: [],
        },
        files: ['use.ts'],
      }),
    );
    run('node', [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], workDir);
  }, 60_000);
});
