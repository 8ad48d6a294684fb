/** The viewer's stylesheet, inlined into `attention.html`. */
export const VIEWER_CSS = `
:root {
  --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --panel: #ffffff; --page: #f5f7fa; --accent: #2563eb;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink);
}
[hidden] { display: none !important; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); }
.page-header { padding: 18px 28px 10px; background: var(--panel); border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 4px; font-size: 20px; font-weight: 650; }
h1 .model-name { color: var(--accent); }
.summary { margin: 0 0 8px; color: var(--muted); }
.sentence { margin: 2px 0; }
.sentence .label { display: inline-block; min-width: 22px; padding: 0 6px; margin-right: 6px; border-radius: 4px;
  background: #e4e7eb; color: var(--muted); font-size: 12px; text-align: center; }
.warning { color: #b44d12; }
.tabs { display: flex; gap: 4px; padding: 10px 28px 0; background: var(--panel); border-bottom: 1px solid var(--line); }
.tab { border: 1px solid transparent; border-bottom: none; background: none; padding: 8px 16px; font: inherit;
  color: var(--muted); cursor: pointer; border-radius: 6px 6px 0 0; margin-bottom: -1px; }
.tab.active { background: var(--page); border-color: var(--line); color: var(--ink); font-weight: 600; }
main { padding: 16px 28px 28px; }
.controls { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: center; }
select { font: inherit; padding: 3px 6px; border: 1px solid #bcccdc; border-radius: 5px; background: var(--panel); }
.heads { display: flex; align-items: center; gap: 6px; }
#head-swatches { display: flex; flex-wrap: wrap; gap: 4px; }
.swatch { --head-color: #888; min-width: 28px; height: 24px; padding: 0 6px; border-radius: 5px; cursor: pointer;
  border: 2px solid var(--head-color); background: var(--head-color); color: #fff; font: 600 12px/1 system-ui, sans-serif; }
.swatch.off { background: var(--panel); color: var(--head-color); opacity: 0.7; }
.link { border: none; background: none; color: var(--accent); cursor: pointer; font: inherit; padding: 0 2px; }
.hint { color: var(--muted); margin: 10px 0; font-size: 13px; }
.svg-wrap { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px;
  overflow: auto; display: inline-block; max-width: 100%; }
#head-svg { display: block; font: 13px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
.lines, .weight-boxes { pointer-events: none; }
.weight-box { stroke: #cbd2d9; stroke-width: 0.5; }
.attention-line { stroke-width: 2; }
.token { fill: var(--ink); cursor: default; }
.token.focus { font-weight: 700; fill: #000; }
.token.pad, .axis-label.pad { fill: #9aa5b1; }
.status { color: var(--muted); font-size: 12px; margin: 6px 0 0; }
.model-grid { display: grid; gap: 6px; align-items: center; justify-items: center; width: max-content;
  background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
.grid-label { color: var(--muted); font-size: 12px; white-space: nowrap; }
.head-label { border-bottom: 3px solid var(--head-color); padding-bottom: 2px; }
.layer-label { justify-self: end; padding-right: 6px; }
.thumbnail { --head-color: #888; padding: 0; border: 1px solid var(--line); border-top: 3px solid var(--head-color);
  background: #fff; cursor: zoom-in; line-height: 0; border-radius: 3px; }
.thumbnail:hover, .thumbnail:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
.thumbnail canvas, #detail-body canvas { image-rendering: pixelated; display: block; }
.legend { display: flex; align-items: center; gap: 8px; margin-top: 12px; color: var(--muted); font-size: 12px; }
.legend label { margin-right: 12px; }
.legend .bar { width: 180px; height: 12px; border: 1px solid var(--line); border-radius: 2px; }
.modal { position: fixed; inset: 0; background: rgba(15, 23, 42, 0.45); display: flex; align-items: flex-start;
  justify-content: center; overflow: auto; padding: 32px 16px; z-index: 10; }
.modal-panel { background: var(--panel); border-radius: 10px; padding: 16px 20px; box-shadow: 0 12px 40px rgba(0,0,0,.25);
  max-width: calc(100vw - 32px); overflow: auto; }
.modal-header { display: flex; align-items: center; justify-content: space-between; gap: 24px; }
.modal-header h2 { margin: 0; font-size: 17px; border-left: 5px solid var(--head-color, #888); padding-left: 8px; }
#detail-close { border: none; background: none; font-size: 24px; line-height: 1; cursor: pointer; color: var(--muted); }
#detail-body { margin-top: 8px; }
.axis-label { fill: var(--ink); }
.tooltip { position: fixed; z-index: 20; background: #111827; color: #fff; padding: 4px 8px; border-radius: 4px;
  font-size: 12px; pointer-events: none; white-space: nowrap; }
footer { padding: 0 28px 24px; color: var(--muted); font-size: 12px; }
code { font-size: 12px; background: #e4e7eb; padding: 1px 4px; border-radius: 3px; }
`;
