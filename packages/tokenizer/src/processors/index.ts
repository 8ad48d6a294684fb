export { BertProcessing } from './bert-processing';
export { ByteLevelProcessing } from './byte-level-processing';
export { POST_PROCESSOR_TYPES, postProcessorFromJSON } from './from-json';
export { RobertaProcessing } from './roberta-processing';
export { SequenceProcessing } from './sequence-processing';
export { type Piece, parsePiece, TemplateProcessing, type TemplateSpecialToken } from './template-processing';
