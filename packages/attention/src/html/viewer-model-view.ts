/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { ViewerKit } from './viewer-script.js';

/**
 * Model view (browser code, inlined into the page by its source like `attentionViewer`): a thumbnail heatmap per
 * layer × head, a colour-scale switch, and a modal that enlarges one head into a labelled heatmap with a tooltip.
 */
export function modelView(kit: ViewerKit): void {
  const { data, tokenCount, headCount, everyHead, byId, svgElement, color, headColor, isPad, textWidth } = kit;
  const state = { scale: 'head' };

  /**
   * The top of the colour scale for a head: its largest probability ('head', so near-uniform heads early in training
   * still show their structure) or 1 ('absolute', so heads compare directly).
   */
  const scaleTop = (rows: readonly (readonly number[])[]): number =>
    state.scale === 'absolute' ? 1 : Math.max(...rows.map((row) => Math.max(...row)));

  /** Paints `rows` [T, T] one pixel per cell; CSS scales it up with crisp edges. */
  const paintThumbnail = (canvas: HTMLCanvasElement, rows: readonly (readonly number[])[]): void => {
    canvas.width = tokenCount;
    canvas.height = tokenCount;
    const context = canvas.getContext('2d');
    if (context === null) return;
    const top = scaleTop(rows);
    for (let query = 0; query < tokenCount; query++) {
      for (let key = 0; key < tokenCount; key++) {
        context.fillStyle = color(rows[query]![key]! / top);
        context.fillRect(key, query, 1, 1);
      }
    }
  };

  const grid = byId<HTMLElement>('model-grid');
  const thumbSize = Math.max(48, Math.min(110, Math.floor(960 / headCount) - 10));
  grid.style.gridTemplateColumns = `auto repeat(${headCount}, ${thumbSize}px)`;
  grid.append(document.createElement('div'));
  for (const headIndex of everyHead) {
    const label = document.createElement('div');
    label.className = 'grid-label head-label';
    label.style.setProperty('--head-color', headColor(headIndex));
    label.textContent = `Head ${data.heads[headIndex]}`;
    grid.append(label);
  }
  data.layers.forEach((layer, layerIndex) => {
    const label = document.createElement('div');
    label.className = 'grid-label layer-label';
    label.textContent = `Layer ${layer}`;
    grid.append(label);
    for (const headIndex of everyHead) {
      const cell = document.createElement('button');
      cell.type = 'button';
      cell.className = 'thumbnail';
      cell.dataset['layer'] = String(layerIndex);
      cell.dataset['head'] = String(headIndex);
      cell.title = `Layer ${layer}, head ${data.heads[headIndex]}: click to enlarge`;
      cell.style.setProperty('--head-color', headColor(headIndex));
      const canvas = document.createElement('canvas');
      canvas.style.width = `${thumbSize}px`;
      canvas.style.height = `${thumbSize}px`;
      cell.append(canvas);
      cell.addEventListener('click', () => openDetail(layerIndex, headIndex));
      grid.append(cell);
    }
  });

  const paintGrid = (): void => {
    for (const cell of grid.querySelectorAll<HTMLElement>('.thumbnail')) {
      const rows = data.attention[Number(cell.dataset['layer'])]![Number(cell.dataset['head'])]!;
      paintThumbnail(cell.querySelector('canvas')!, rows);
    }
    byId('legend-top').textContent = state.scale === 'absolute' ? '1' : 'each head’s max';
  };
  const scaleSelect = byId<HTMLSelectElement>('scale-select');
  scaleSelect.addEventListener('change', () => {
    state.scale = scaleSelect.value;
    paintGrid();
  });
  paintGrid();

  // ---- enlarged head (modal) ------------------------------------------------------------------------------------

  const detail = byId<HTMLElement>('detail');
  const detailBody = byId<HTMLElement>('detail-body');
  const tooltip = byId<HTMLElement>('tooltip');

  function openDetail(layerIndex: number, headIndex: number): void {
    const rows = data.attention[layerIndex]![headIndex]!;
    const top = scaleTop(rows);
    byId('detail-title').textContent = `Layer ${data.layers[layerIndex]} · Head ${data.heads[headIndex]}`;
    byId('detail-scale').textContent = `colour scale 0 – ${top === 1 ? '1' : top.toFixed(3)}`;
    byId('detail-title').style.setProperty('--head-color', headColor(headIndex));
    const cell = Math.max(6, Math.min(28, Math.floor(560 / tokenCount)));
    const labelFont = `${Math.max(9, Math.min(13, cell - 2))}px system-ui, "DejaVu Sans", sans-serif`;
    const labelWidth = Math.ceil(Math.max(24, ...data.tokens.map((token) => textWidth(token, labelFont)))) + 10;
    const size = tokenCount * cell;
    const width = labelWidth + size + 4;
    const height = labelWidth + size + 4;
    const svg = svgElement('svg', { id: 'detail-svg', width, height, viewBox: `0 0 ${width} ${height}` });
    svg.style.font = labelFont;
    const cells = svgElement('g', { class: 'cells', transform: `translate(${labelWidth},${labelWidth})` });
    if (tokenCount <= 160) {
      for (let query = 0; query < tokenCount; query++) {
        for (let key = 0; key < tokenCount; key++) {
          const weight = rows[query]![key]!;
          cells.append(
            svgElement('rect', {
              class: 'cell',
              x: key * cell,
              y: query * cell,
              width: cell,
              height: cell,
              fill: color(weight / top),
            }),
          );
        }
      }
    } else {
      // Too many cells for SVG: one canvas pixel per cell, scaled up.
      const object = svgElement('foreignObject', { width: size, height: size });
      const canvas = document.createElement('canvas');
      canvas.style.width = `${size}px`;
      canvas.style.height = `${size}px`;
      paintThumbnail(canvas, rows);
      object.append(canvas);
      cells.append(object);
    }
    svg.append(cells);
    data.tokens.forEach((token, index) => {
      const rowLabel = svgElement('text', {
        class: `axis-label${isPad(index) ? ' pad' : ''}`,
        x: labelWidth - 5,
        y: labelWidth + (index + 0.5) * cell,
        'text-anchor': 'end',
        'dominant-baseline': 'central',
      });
      rowLabel.textContent = token;
      const columnLabel = svgElement('text', {
        class: `axis-label${isPad(index) ? ' pad' : ''}`,
        transform: `translate(${labelWidth + (index + 0.5) * cell},${labelWidth - 5}) rotate(-90)`,
        'dominant-baseline': 'central',
      });
      columnLabel.textContent = token;
      svg.append(rowLabel, columnLabel);
    });
    svg.addEventListener('mousemove', (event) => {
      const box = svg.getBoundingClientRect();
      const key = Math.floor((event.clientX - box.left - labelWidth) / cell);
      const query = Math.floor((event.clientY - box.top - labelWidth) / cell);
      if (key < 0 || query < 0 || key >= tokenCount || query >= tokenCount) {
        tooltip.hidden = true;
        return;
      }
      tooltip.hidden = false;
      tooltip.textContent = `${data.tokens[query]} → ${data.tokens[key]}: ${rows[query]![key]!.toFixed(4)}`;
      tooltip.style.left = `${event.clientX + 14}px`;
      tooltip.style.top = `${event.clientY + 14}px`;
    });
    svg.addEventListener('mouseleave', () => {
      tooltip.hidden = true;
    });
    detailBody.replaceChildren(svg);
    detail.hidden = false;
    byId<HTMLButtonElement>('detail-close').focus();
  }

  const closeDetail = (): void => {
    detail.hidden = true;
    tooltip.hidden = true;
  };
  byId('detail-close').addEventListener('click', closeDetail);
  detail.addEventListener('click', (event) => {
    if (event.target === detail) closeDetail();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeDetail();
  });
}
