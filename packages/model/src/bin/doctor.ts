#!/usr/bin/env node
import { doctor } from '../backend/doctor.js';
import { BACKEND_NAMES, isBackendName } from '../backend/types.js';

/** `bert-doctor [--backend NAME] [--verbose]`: prints what loaded, what did not and why; exits 1 on failure. */
async function main(argv: readonly string[]): Promise<void> {
  const flag = argv.indexOf('--backend');
  const requested = flag >= 0 ? (argv[flag + 1] ?? '') : undefined;
  if (requested != null && !isBackendName(requested)) {
    throw new Error(`--backend '${requested}' is not one of ${BACKEND_NAMES.join(', ')}`);
  }
  console.log(await doctor(requested == null ? {} : { prefer: requested }));
}

const argv = process.argv.slice(2);
try {
  await main(argv);
} catch (error) {
  if (argv.includes('--verbose')) throw error;
  console.error(`bert-doctor: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
