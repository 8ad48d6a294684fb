// Documents (attention.json) and their parts
export {
  ATTENTION_FORMATS,
  type AttentionDocument,
  type AttentionFormat,
  type AttentionModelSummary,
  summarizeModel,
} from './attention-document.js';
export { float32Text, serializeAttentionJson } from './attention-json.js';
export { checkIndices, parseIndexList } from './select-indices.js';

// Running a model
export {
  type AttentionEncoding,
  type AttentionModel,
  type AttentionTokenizer,
  type ComputeAttentionOptions,
  computeAttention,
  type TruncationSetting,
} from './compute-attention.js';
export {
  checkAttentionConfig,
  type LoadAttentionModelOptions,
  type LoadedAttentionModel,
  loadAttentionModel,
  TOKENIZER_FILE,
} from './load-attention-model.js';

// Rendering and writing
export { HEATMAP_COLORS, headColors, heatmapColor } from './colors.js';
export { renderAttentionHtml } from './html/render-html.js';
export {
  type HeatmapLayout,
  type HeatmapOptions,
  heatmapFileName,
  heatmapFontsAvailable,
  heatmapLayout,
  heatmapScaleTop,
  renderHeatmapPng,
} from './png/render-heatmap.js';
export {
  ATTENTION_HTML_FILE,
  ATTENTION_JSON_FILE,
  type AttentionExport,
  type AttentionSnapshotOptions,
  attentionSnapshotDir,
  type ExportAttentionOptions,
  exportAttention,
  HEATMAP_DIR,
  snapshotAttention,
  type WriteAttentionOptions,
  writeAttention,
} from './export-attention.js';
export { AttentionSnapshots, type AttentionSnapshotsOptions } from './attention-snapshots.js';
export { writeFileAtomically } from './write-file-atomically.js';
