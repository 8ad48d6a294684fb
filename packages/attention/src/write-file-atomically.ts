import { rename, rm, writeFile } from 'node:fs/promises';

/** Writes to `path.tmp-<pid>` and renames it into place, so `path` is either the old file or the complete new one. */
export async function writeFileAtomically(path: string, contents: string | Uint8Array): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(temporary, contents);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
