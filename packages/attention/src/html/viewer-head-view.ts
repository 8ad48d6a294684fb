/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { ViewerKit } from './viewer-script.js';

/**
 * Head view (browser code, inlined into the page by its source like `attentionViewer`): the tokens in two columns,
 * queries left and keys right, a line per pair and selected head with opacity = probability; a layer selector,
 * bertviz's sentence filters for pairs, a toggle per head, and hover to focus one token's lines.
 */
export function headView(kit: ViewerKit): void {
  const { data, tokenCount, headCount, everyHead, byId, svgElement, headColor, isPad, textWidth } = kit;
  const bStart = data.sentence_b_start;
  /** Above this many lines the head view hides the faint ones, or the page would crawl. */
  const LINE_BUDGET = 60000;
  const FAINT = 0.01;
  const ROW_HEIGHT = 22;
  const TOP = 12;
  const font = '13px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';

  type Focus = { readonly side: 'left' | 'right'; readonly index: number } | null;
  const state = {
    layer: 0,
    heads: new Set(headCount * tokenCount * tokenCount <= LINE_BUDGET ? everyHead : [0]),
    filter: 'all',
    focus: null as Focus,
  };

  /** Query and key token ranges [start, end) for bertviz's sentence filters (all, A→A, A→B, B→A, B→B). */
  const ranges = (filter: string): [[number, number], [number, number]] => {
    const a: [number, number] = [0, bStart ?? tokenCount];
    const b: [number, number] = [bStart ?? tokenCount, tokenCount];
    if (filter === 'aa') return [a, a];
    if (filter === 'ab') return [a, b];
    if (filter === 'ba') return [b, a];
    if (filter === 'bb') return [b, b];
    return [
      [0, tokenCount],
      [0, tokenCount],
    ];
  };

  const headSvg = byId<SVGSVGElement>('head-svg');
  const tokenWidths = data.tokens.map((token) => textWidth(token, font));
  const maxTokenWidth = Math.ceil(Math.max(30, ...tokenWidths)) + 12;
  /** Room beside the tokens for the hover strip: one small box per head. */
  const BOX = 8;
  const gutter = headCount * BOX + 10;

  /** Geometry of the current head view, set by `renderHeadView` and read by `drawLines`. */
  const view = {
    queryStart: 0,
    queryEnd: 0,
    keyStart: 0,
    keyEnd: 0,
    leftX: 0,
    rightX: 0,
    boxes: svgElement('g', { class: 'weight-boxes' }),
    lines: svgElement('g', { class: 'lines' }),
  };
  const rowY = (row: number): number => TOP + row * ROW_HEIGHT + ROW_HEIGHT / 2;

  /** Rebuilds the whole head view: layout, tokens, lines (after a layer, filter or head change). */
  function renderHeadView(): void {
    const [[queryStart, queryEnd], [keyStart, keyEnd]] = ranges(state.filter);
    const rows = Math.max(queryEnd - queryStart, keyEnd - keyStart);
    const leftX = gutter + maxTokenWidth;
    const rightX = leftX + 260;
    const width = rightX + maxTokenWidth + gutter;
    const height = TOP * 2 + rows * ROW_HEIGHT;
    Object.assign(view, { queryStart, queryEnd, keyStart, keyEnd, leftX, rightX });
    state.focus = null;

    headSvg.replaceChildren();
    headSvg.setAttribute('width', String(width));
    headSvg.setAttribute('height', String(height));
    headSvg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    view.boxes = svgElement('g', { class: 'weight-boxes' });
    view.lines = svgElement('g', { class: 'lines' });
    const tokens = svgElement('g', { class: 'tokens' });
    const addToken = (side: 'left' | 'right', index: number, row: number): void => {
      const text = svgElement('text', {
        class: `token ${side}${isPad(index) ? ' pad' : ''}`,
        x: side === 'left' ? leftX : rightX,
        y: rowY(row),
        'text-anchor': side === 'left' ? 'end' : 'start',
        'dominant-baseline': 'central',
        'data-index': index,
      });
      text.textContent = data.tokens[index]!;
      // Only lines and boxes are redrawn on hover: replacing the token under the pointer would re-fire its events.
      text.addEventListener('mouseenter', () => setFocus({ side, index }));
      text.addEventListener('mouseleave', () => setFocus(null));
      tokens.append(text);
    };
    for (let index = queryStart; index < queryEnd; index++) addToken('left', index, index - queryStart);
    for (let index = keyStart; index < keyEnd; index++) addToken('right', index, index - keyStart);
    headSvg.append(view.boxes, view.lines, tokens);

    for (const swatch of document.querySelectorAll<HTMLElement>('.swatch')) {
      const on = state.heads.has(Number(swatch.dataset['head']));
      swatch.classList.toggle('off', !on);
      swatch.setAttribute('aria-pressed', String(on));
    }
    drawLines();
  }

  function setFocus(focus: Focus): void {
    state.focus = focus;
    for (const token of headSvg.querySelectorAll<SVGTextElement>('.token')) {
      const side = token.classList.contains('left') ? 'left' : 'right';
      const on = focus !== null && focus.side === side && focus.index === Number(token.dataset['index']);
      token.classList.toggle('focus', on);
    }
    drawLines();
  }

  /** Lines (all, or the hovered token's) and, while hovering, the per-head weight boxes on the other side. */
  function drawLines(): void {
    const { queryStart, queryEnd, keyStart, keyEnd, leftX, rightX } = view;
    const attention = data.attention[state.layer]!;
    const selected = everyHead.filter((head) => state.heads.has(head));
    const pairs = (queryEnd - queryStart) * (keyEnd - keyStart);
    const minimum = selected.length * pairs > LINE_BUDGET ? FAINT : 0;
    const focus = state.focus;

    view.boxes.replaceChildren();
    if (focus !== null && selected.length > 0) {
      const [start, end] = focus.side === 'left' ? [keyStart, keyEnd] : [queryStart, queryEnd];
      for (let index = start; index < end; index++) {
        // A strip of per-head boxes just outside the token's text, opacity = probability.
        const text = tokenWidths[index]! + 6;
        const x = focus.side === 'left' ? rightX + text : leftX - text - selected.length * BOX;
        selected.forEach((head, order) => {
          const rows = attention[head]!;
          const weight = focus.side === 'left' ? rows[focus.index]![index]! : rows[index]![focus.index]!;
          view.boxes.append(
            svgElement('rect', {
              class: 'weight-box',
              x: x + order * BOX,
              y: rowY(index - start) - ROW_HEIGHT / 2 + 3,
              width: BOX - 1,
              height: ROW_HEIGHT - 6,
              fill: headColor(head),
              'fill-opacity': weight,
            }),
          );
        });
      }
    }

    view.lines.replaceChildren();
    let drawn = 0;
    for (const head of selected) {
      const rowsOfHead = attention[head]!;
      const group = svgElement('g', { class: 'head-lines', 'data-head': head, stroke: headColor(head) });
      for (let query = queryStart; query < queryEnd; query++) {
        if (focus?.side === 'left' && focus.index !== query) continue;
        const row = rowsOfHead[query]!;
        for (let key = keyStart; key < keyEnd; key++) {
          if (focus?.side === 'right' && focus.index !== key) continue;
          const weight = row[key]!;
          if (weight < minimum) continue;
          group.append(
            svgElement('line', {
              class: 'attention-line',
              x1: leftX + 4,
              y1: rowY(query - queryStart),
              x2: rightX - 4,
              y2: rowY(key - keyStart),
              'stroke-opacity': weight,
            }),
          );
          drawn++;
        }
      }
      view.lines.append(group);
    }
    headSvg.setAttribute('data-lines', String(drawn));
    const hidden = minimum > 0 ? ` (lines below ${minimum} hidden for speed)` : '';
    const focusText = focus === null ? '' : ` · ${focus.side === 'left' ? 'from' : 'to'} “${data.tokens[focus.index]}”`;
    byId('head-status').textContent =
      `Layer ${data.layers[state.layer]} · ${selected.length} of ${headCount} heads · ${drawn} lines${focusText}${hidden}`;
  }

  const layerSelect = byId<HTMLSelectElement>('layer-select');
  data.layers.forEach((layer, index) => {
    layerSelect.add(new Option(`Layer ${layer}`, String(index)));
  });
  layerSelect.addEventListener('change', () => {
    state.layer = Number(layerSelect.value);
    renderHeadView();
  });

  const filterSelect = byId<HTMLSelectElement>('filter-select');
  if (bStart === null) byId('filter-label').hidden = true;
  filterSelect.addEventListener('change', () => {
    state.filter = filterSelect.value;
    state.focus = null;
    renderHeadView();
  });

  const swatches = byId('head-swatches');
  everyHead.forEach((headIndex) => {
    const swatch = document.createElement('button');
    swatch.type = 'button';
    swatch.className = 'swatch';
    swatch.dataset['head'] = String(headIndex);
    swatch.style.setProperty('--head-color', headColor(headIndex));
    swatch.textContent = String(data.heads[headIndex]);
    swatch.title = `Head ${data.heads[headIndex]}: click to toggle, double-click to show it alone`;
    swatch.addEventListener('click', () => {
      if (state.heads.has(headIndex)) state.heads.delete(headIndex);
      else state.heads.add(headIndex);
      renderHeadView();
    });
    swatch.addEventListener('dblclick', () => {
      state.heads = new Set([headIndex]);
      renderHeadView();
    });
    swatches.append(swatch);
  });
  byId('heads-all').addEventListener('click', () => {
    state.heads = new Set(everyHead);
    renderHeadView();
  });
  byId('heads-none').addEventListener('click', () => {
    state.heads = new Set();
    renderHeadView();
  });

  renderHeadView();
}
