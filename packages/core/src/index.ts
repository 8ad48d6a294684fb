export { BertError, CheckpointError, ConfigError, DataError, firstLine, ShapeError } from './errors';
