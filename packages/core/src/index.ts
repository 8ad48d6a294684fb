export { BertError, CheckpointError, ConfigError, DataError, ShapeError } from './errors';
