export { asUsageError, EXIT_RUNTIME, EXIT_USAGE, oneLineMessage, reportFailure, UsageError } from './errors';
export { writeFileAtomically } from './files';
export { cliProgram, FlagReader, formatSeconds, parseFlags, type RawFlags, withDefault } from './flags';
export { type CliIo, PROCESS_IO } from './io';
