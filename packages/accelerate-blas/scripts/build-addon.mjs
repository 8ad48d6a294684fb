#!/usr/bin/env node
// Compiles the OpenBLAS addon (binding.gyp → dist/native/bert_blas.node) with node-gyp, or explains why it cannot.
// Runs as this package's `build` (after tsup) and `install` scripts. It never fails the build: when a compiler,
// OpenBLAS or the Node headers are missing it prints one warning and writes dist/native/build-status.json, which
// the loader turns into the one-line reason `bert-doctor` prints; @bert/model then runs on pure wasm.
// Flags: --force rebuilds even when the addon is newer than its sources; --strict exits 1 instead of warning.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = path.join(root, 'dist', 'native');
const target = path.join(nativeDir, 'bert_blas.node');
const built = path.join(root, 'build', 'Release', 'bert_blas.node');
const statusFile = path.join(nativeDir, 'build-status.json');
const sources = [path.join(root, 'binding.gyp'), path.join(root, 'src', 'native', 'bert-blas.cc')];
const force = process.argv.includes('--force');
const strict = process.argv.includes('--strict');
/** The Debian packages that provide everything this build needs. */
const APT_FIX = 'apt-get install -y g++ make python3 libopenblas-dev';

mkdirSync(nativeDir, { recursive: true });

function writeStatus(status) {
  writeFileSync(
    statusFile,
    `${JSON.stringify({ ...status, node: process.version, date: new Date().toISOString() })}\n`,
  );
}

function fail(missing, detail) {
  rmSync(target, { force: true });
  writeStatus({ built: false, missing, detail, fix: `${APT_FIX}, then npm run build -w @bert/accelerate-blas` });
  const message = `@bert/accelerate-blas: native addon not built — missing ${missing}${detail ? ` (${detail})` : ''}; fix: ${APT_FIX}`;
  console.warn(`warning: ${message}. @bert/model will run matrix products on pure wasm.`);
  process.exit(strict ? 1 : 0);
}

const newest = Math.max(...sources.map((file) => statSync(file).mtimeMs));
if (!force && existsSync(built) && statSync(built).mtimeMs >= newest) {
  copyFileSync(built, target);
  writeStatus({ built: true, reused: true });
  console.log(`@bert/accelerate-blas: addon up to date (${path.relative(root, target)})`);
  process.exit(0);
}

const run = (command, args, input) =>
  spawnSync(command, args, { input, encoding: 'utf8', stdio: input == null ? 'pipe' : ['pipe', 'pipe', 'pipe'] });
const firstError = (text) =>
  (text ?? '')
    .split('\n')
    .find((line) => /error|not found|cannot/i.test(line))
    ?.trim()
    .slice(0, 200);

// 1. A C++ compiler, 2. OpenBLAS's header and library: probe them first so the warning names what is missing.
const cxx = process.env.CXX || 'c++';
if (run(cxx, ['--version']).status !== 0) fail('a C++ compiler', `${cxx} not found`);
if (run('make', ['--version']).status !== 0) fail('make');
const probe = path.join(tmpdir(), `bert-blas-probe-${process.pid}`);
const header = run(cxx, ['-x', 'c++', '-fsyntax-only', '-'], '#include <cblas.h>\nint main() { return 0; }\n');
if (header.status !== 0) fail('the OpenBLAS headers (cblas.h)', firstError(header.stderr));
const link = run(
  cxx,
  ['-x', 'c++', '-', '-o', probe, '-lopenblas'],
  '#include <cblas.h>\nint main() { return openblas_get_num_threads() > 0 ? 0 : 1; }\n',
);
rmSync(probe, { force: true });
if (link.status !== 0) fail('the OpenBLAS library (libopenblas)', firstError(link.stderr));

// 3. node-gyp: npm puts its bundled copy in npm_config_node_gyp for scripts; else the one next to npm.
const candidates = [
  process.env.npm_config_node_gyp,
  path.join(
    path.dirname(process.execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'node_modules',
    'node-gyp',
    'bin',
    'node-gyp.js',
  ),
].filter(Boolean);
const nodeGyp = candidates.find((file) => existsSync(file));
if (nodeGyp == null) fail('node-gyp', `looked in ${candidates.join(', ')}`);

// 4. Node's headers: the installed ones when present (no download; these machines may be offline).
const args = [nodeGyp, 'rebuild'];
const prefix = path.resolve(path.dirname(process.execPath), '..');
if (!process.env.npm_config_nodedir && existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) {
  args.push(`--nodedir=${prefix}`);
}
const gyp = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
if (gyp.status !== 0 || !existsSync(built)) {
  fail('a working node-gyp build', firstError(`${gyp.stderr}\n${gyp.stdout}`) ?? `exit ${gyp.status}`);
}
copyFileSync(built, target);
writeStatus({ built: true });
console.log(`@bert/accelerate-blas: built ${path.relative(root, target)} against OpenBLAS`);
