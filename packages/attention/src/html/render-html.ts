import { BertError } from '@bert/core';
import type { AttentionDocument } from '../attention-document.js';
import { serializeAttentionJson } from '../attention-json.js';
import { HEATMAP_COLORS, headColors } from '../colors.js';
import { headView } from './viewer-head-view.js';
import { modelView } from './viewer-model-view.js';
import { attentionViewer, type ViewerTheme } from './viewer-script.js';
import { VIEWER_CSS } from './viewer-style.js';

/**
 * No network at view time, enforced by the browser: only the page's own inline script and style run, and images
 * may only be `data:` URLs.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/**
 * `attention.html`: one self-contained file — the viewer's script and stylesheet inline, the attention data
 * embedded as the same JSON as `attention.json` — that works offline from `file://` and fetches nothing.
 *
 * Head view: tokens left (queries) and right (keys), one line per pair and selected head with opacity = probability,
 * a layer selector, head toggles in per-head colours, sentence filters for pairs, hover to focus a token.
 * Model view: a thumbnail per layer × head; click one for a labelled heatmap with per-cell values.
 */
export function renderAttentionHtml(document: AttentionDocument): string {
  const json = serializeAttentionJson(document);
  const theme: ViewerTheme = { headColors: headColors(document.heads.length), heatmap: HEATMAP_COLORS };
  const data = "JSON.parse(document.getElementById('attention-data').textContent)";
  const parts = `{ headView: ${headView.toString()}, modelView: ${modelView.toString()} }`;
  const script = `(${attentionViewer.toString()})(${data}, ${JSON.stringify(theme)}, ${parts});`;
  if (/<\/script/i.test(script)) throw new BertError('attention viewer script must not contain a closing script tag');
  const { model } = document;
  const legendStops = Array.from({ length: 11 }, (_, step) => HEATMAP_COLORS[Math.round(step * 25.5)]).join(', ');
  const truncated = document.truncated
    ? ' · <span class="warning">truncated to the model’s position embeddings</span>'
    : '';
  const pair =
    document.text_pair === null
      ? ''
      : `\n  <p class="sentence"><span class="label">B</span>${escapeHtml(document.text_pair)}</p>`;
  const filterOptions = [
    ['all', 'All'],
    ['aa', 'Sentence A → Sentence A'],
    ['ab', 'Sentence A → Sentence B'],
    ['ba', 'Sentence B → Sentence A'],
    ['bb', 'Sentence B → Sentence B'],
  ]
    .map(([value, label]) => `<option value="${value}">${label}</option>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<link rel="icon" href="data:,">
<title>Attention · ${escapeHtml(model.name)}</title>
<style>${VIEWER_CSS}</style>
</head>
<body>
<header class="page-header">
  <h1>Attention · <span class="model-name">${escapeHtml(model.name)}</span></h1>
  <p class="summary">${escapeHtml(model.architecture)} · ${model.num_hidden_layers} layers × ${model.num_attention_heads} heads · hidden ${model.hidden_size} · ${document.tokens.length} tokens${truncated}</p>
  <p class="sentence"><span class="label">A</span>${escapeHtml(document.text)}</p>${pair}
</header>
<nav class="tabs" role="tablist">
  <button type="button" class="tab active" data-view="head" id="tab-head" role="tab" aria-selected="true">Head view</button>
  <button type="button" class="tab" data-view="model" id="tab-model" role="tab" aria-selected="false">Model view</button>
</nav>
<main>
<section id="head-view">
  <div class="controls">
    <label>Layer <select id="layer-select"></select></label>
    <label id="filter-label">Attention <select id="filter-select">${filterOptions}</select></label>
    <div class="heads"><span>Heads</span><div id="head-swatches"></div>
      <button type="button" class="link" id="heads-all">all</button><button type="button" class="link" id="heads-none">none</button></div>
  </div>
  <p class="hint">Lines join each query token (left) to the keys it attends to (right); opacity is the attention probability, colour the head. Hover a token to isolate its lines. Click a head to toggle it, double-click to show it alone.</p>
  <div class="svg-wrap"><svg id="head-svg" role="img" aria-label="Attention between tokens"></svg></div>
  <p id="head-status" class="status"></p>
</section>
<section id="model-view" hidden>
  <p class="hint">Every layer (rows) and head (columns). Each thumbnail is that head's attention matrix: rows are queries, columns keys. Click one to enlarge it.</p>
  <div id="model-grid" class="model-grid"></div>
  <div class="legend">
    <label>Colour scale <select id="scale-select"><option value="head">per head: 0 – its max</option><option value="absolute">absolute: 0 – 1</option></select></label>
    <span>0</span><div class="bar" style="background: linear-gradient(to right, ${legendStops})"></div><span id="legend-top"></span>
  </div>
</section>
</main>
<div id="detail" class="modal" hidden>
  <div class="modal-panel" role="dialog" aria-modal="true" aria-labelledby="detail-title">
    <div class="modal-header"><h2 id="detail-title"></h2><button type="button" id="detail-close" aria-label="Close">×</button></div>
    <div id="detail-body"></div>
    <p class="hint">Rows: query tokens · columns: key tokens · <span id="detail-scale"></span> · hover a cell for its probability · Esc closes.</p>
  </div>
</div>
<div id="tooltip" class="tooltip" hidden></div>
<footer>Made by <code>@bert/attention</code>. The data is embedded below in the bertviz layout (<code>attention[layer][head][query][key]</code>); the same JSON is in <code>attention.json</code>.</footer>
<script type="application/json" id="attention-data">${escapeScriptJson(json)}</script>
<script>${script}</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** `<` only occurs inside JSON strings, where `\u003c` means the same and cannot close the script element. */
function escapeScriptJson(json: string): string {
  return json.replace(/</g, '\\u003c');
}
