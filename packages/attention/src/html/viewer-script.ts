/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { AttentionDocument } from '../attention-document.js';

/** Colours the page uses, computed in Node from d3-scale-chromatic and embedded as data. */
export interface ViewerTheme {
  readonly headColors: readonly string[];
  /** 256 CSS colours for probabilities 0, 1/255, …, 1. */
  readonly heatmap: readonly string[];
}

/** What the views share: the data and small DOM helpers, built once by `attentionViewer`. */
export interface ViewerKit {
  readonly data: AttentionDocument;
  readonly tokenCount: number; // T
  readonly headCount: number;
  /** 0 … headCount − 1: indices into `data.heads`. */
  readonly everyHead: readonly number[];
  byId<E extends Element = HTMLElement>(id: string): E;
  svgElement<K extends keyof SVGElementTagNameMap>(
    name: K,
    attributes: Record<string, string | number>,
  ): SVGElementTagNameMap[K];
  /** The heatmap colour of a value in [0, 1]. */
  color(weight: number): string;
  headColor(headIndex: number): string;
  isPad(index: number): boolean;
  textWidth(text: string, cssFont: string): number;
}

/** The views, passed in so that each lives in its own file and is inlined on its own. */
export interface ViewerParts {
  readonly headView: (kit: ViewerKit) => void;
  readonly modelView: (kit: ViewerKit) => void;
}

/**
 * The viewer's browser code: builds the shared kit, starts the head view and the model view, and wires the tabs.
 *
 * It runs in the page, not in Node: `renderAttentionHtml` inlines its source (`attentionViewer.toString()`, and the
 * same for each view), so every such function must stay self-contained — no imports, nothing from outside its body.
 */
export function attentionViewer(data: AttentionDocument, theme: ViewerTheme, parts: ViewerParts): void {
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const measure = document.createElement('canvas').getContext('2d');
  const kit: ViewerKit = {
    data,
    tokenCount: data.tokens.length,
    headCount: data.heads.length,
    everyHead: Array.from({ length: data.heads.length }, (_, head) => head),
    byId: <E extends Element = HTMLElement>(id: string): E => {
      const element = document.getElementById(id);
      if (element === null) throw new Error(`attention viewer: missing #${id}`);
      return element as unknown as E;
    },
    svgElement: <K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>) => {
      const element = document.createElementNS(SVG_NS, name);
      for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
      return element;
    },
    color: (weight) => theme.heatmap[Math.round(Math.min(1, Math.max(0, weight)) * (theme.heatmap.length - 1))]!,
    headColor: (headIndex) => theme.headColors[headIndex % theme.headColors.length]!,
    isPad: (index) => data.attention_mask[index] === 0,
    textWidth: (text, cssFont) => {
      if (measure === null) return text.length * 8;
      measure.font = cssFont;
      return measure.measureText(text).width;
    },
  };
  const { byId } = kit;

  const showView = (view: string): void => {
    for (const tab of document.querySelectorAll<HTMLElement>('.tab')) {
      const active = tab.dataset['view'] === view;
      tab.classList.toggle('active', active);
      tab.setAttribute('aria-selected', String(active));
    }
    byId('head-view').hidden = view !== 'head';
    byId('model-view').hidden = view !== 'model';
  };
  for (const tab of document.querySelectorAll<HTMLElement>('.tab')) {
    tab.addEventListener('click', () => showView(tab.dataset['view'] ?? 'head'));
  }

  parts.headView(kit);
  parts.modelView(kit);
  document.body.dataset['ready'] = 'true';
}
