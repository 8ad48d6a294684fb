import { afterAll, describe, expect, it } from 'vitest';
import { serializeAttentionJson } from '../attention-json.js';
import { headColors } from '../colors.js';
import { computeAttention } from '../compute-attention.js';
import { tinyModel, tinyTokenizer } from '../test-support/tiny-model.js';
import { renderAttentionHtml } from './render-html.js';

const tokenizer = tinyTokenizer();
const model = tinyModel(tokenizer.getVocabSize());
afterAll(() => model.dispose());

describe('renderAttentionHtml', () => {
  const hostile = 'the cat </script><img src=x onerror=alert(1)> "sat"';
  const document = computeAttention(model, tokenizer, hostile, {
    textPair: 'on the mat',
    modelName: 'tiny <b>',
    onWarning: () => {}, // 43 tokens: truncated to 24
  });
  const html = renderAttentionHtml(document);

  it('is one self-contained page: no external resource, no network API, a CSP that forbids both', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    );
    const references = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)/g)].map((match) => match[1]);
    expect(references).toEqual(['data:,']); // the favicon, so the browser asks for none
    const urls = [...html.matchAll(/\b(?:https?|wss?|ftp):\/\/[^\s"'`)]+/g)].map((match) => match[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg'])); // a namespace name, never fetched
    for (const api of ['fetch(', 'XMLHttpRequest', 'WebSocket', 'import(', 'EventSource', '<link rel="stylesheet"']) {
      expect(html).not.toContain(api);
    }
  });

  it('embeds exactly the attention.json text, escaped so user text cannot close the script', () => {
    const embedded = /<script type="application\/json" id="attention-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(embedded?.replaceAll('\\u003c', '<')).toBe(serializeAttentionJson(document));
    expect(html.match(/<\/script/g)).toHaveLength(2);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).toContain('the cat &#60;/script&#62;&#60;img src=x onerror=alert(1)&#62; &#34;sat&#34;');
    expect(html).toContain('<title>Attention · tiny &#60;b&#62;</title>');
    expect(html).toContain('truncated to the model’s position embeddings');
  });

  it('inlines a viewer script that parses as JavaScript and uses no outside names', () => {
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(script.startsWith('(function attentionViewer(data, theme, parts)')).toBe(true);
    expect(script).toContain('{ headView: function headView(kit)');
    expect(script).toContain(', modelView: function modelView(kit)');
    expect(() => new Function(script)).not.toThrow();
    expect(script).not.toMatch(/__vite|__name|require\(|import\.meta/);
  });

  it('has the head view and model view scaffolding the script fills', () => {
    for (const id of [
      'layer-select',
      'filter-select',
      'head-swatches',
      'head-svg',
      'model-grid',
      'detail',
      'tooltip',
    ]) {
      expect(html).toContain(`id="${id}"`);
    }
  });
});

describe('headColors', () => {
  it('uses category10 up to 10 heads, then distinct hues', () => {
    expect(headColors(4)).toEqual(['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728']);
    const twelve = headColors(12);
    expect(new Set(twelve).size).toBe(12);
  });
});
