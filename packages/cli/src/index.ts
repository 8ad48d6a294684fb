export { EXIT_RUNTIME, EXIT_USAGE, oneLineMessage, UsageError } from './errors';
export { writeFileAtomically } from './files';
export { FlagReader, formatSeconds, parseFlags, type RawFlags } from './flags';
