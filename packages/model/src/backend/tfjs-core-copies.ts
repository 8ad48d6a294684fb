import fs from 'node:fs';
import path from 'node:path';

/** One installed copy of @tensorflow/tfjs-core. */
export interface TfjsCoreCopy {
  readonly path: string;
  readonly version: string;
}

const CORE = path.join('@tensorflow', 'tfjs-core', 'package.json');

/**
 * Finds every installed @tensorflow/tfjs-core under the node_modules trees from `start` up to the filesystem root,
 * descending into nested `node_modules` the way npm lays them out. Two copies mean two engines, and variables
 * created on one do not train on the other, so the doctor reports them.
 */
export function findTfjsCoreCopies(start: string = process.cwd()): TfjsCoreCopy[] {
  const found = new Map<string, TfjsCoreCopy>();
  let directory = path.resolve(start);
  for (;;) {
    scanNodeModules(path.join(directory, 'node_modules'), found, 0);
    const parent = path.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function scanNodeModules(nodeModules: string, found: Map<string, TfjsCoreCopy>, depth: number): void {
  if (depth > 8 || !isDirectory(nodeModules)) return;
  const manifest = path.join(nodeModules, CORE);
  if (fs.existsSync(manifest)) {
    const real = fs.realpathSync(path.dirname(manifest));
    if (!found.has(real)) found.set(real, { path: real, version: readVersion(manifest) });
  }
  for (const packageDir of listPackages(nodeModules)) {
    scanNodeModules(path.join(packageDir, 'node_modules'), found, depth + 1);
  }
}

function listPackages(nodeModules: string): string[] {
  const packages: string[] = [];
  for (const entry of safeReaddir(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const full = path.join(nodeModules, entry);
    if (entry.startsWith('@')) packages.push(...safeReaddir(full).map((name) => path.join(full, name)));
    else packages.push(full);
  }
  return packages;
}

function safeReaddir(directory: string): string[] {
  try {
    return fs.readdirSync(directory);
  } catch {
    return [];
  }
}

function isDirectory(directory: string): boolean {
  try {
    return fs.statSync(directory).isDirectory();
  } catch {
    return false;
  }
}

function readVersion(manifest: string): string {
  try {
    return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unreadable';
  }
}
