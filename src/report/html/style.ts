/**
 * The look of the HTML report: one inline stylesheet and the colours of the designs.
 * Made to be projected in a classroom: large type, dark text on white, colours that
 * stay apart on a washed-out projector, and a symbol beside every verdict colour.
 */

/** Line and bar colour of each design; a design not listed gets `OTHER_COLOR`. */
export const DESIGN_COLORS: Record<string, string> = {
  stateful: '#1d4ed8',
  stateless: '#c2410c',
  'stateless-naive': '#7e22ce',
};

const FALLBACK = ['#0f766e', '#a16207', '#be185d'];

/** The colour of the `index`-th design of a run, named `arch`. */
export function designColor(arch: string, index: number): string {
  return DESIGN_COLORS[arch] ?? FALLBACK[index % FALLBACK.length]!;
}

/** The whole stylesheet, inlined in the page's `<style>`. */
export const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #111; font: 22px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
main { max-width: 1320px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 44px; margin: 0 0 4px; letter-spacing: -0.5px; }
h2 { font-size: 32px; margin: 40px 0 12px; border-bottom: 3px solid #111; padding-bottom: 4px; }
h3 { font-size: 26px; margin: 24px 0 4px; }
.meta { font-size: 22px; color: #333; margin: 0; }
.summary { background: #fff8db; border-left: 10px solid #d97706; padding: 14px 22px; margin: 24px 0 8px; font-size: 26px; }
.summary p { margin: 6px 0; }
table.compare { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.compare th, table.compare td { padding: 6px 16px; border-bottom: 1px solid #bbb; }
table.compare thead th { font-size: 26px; text-align: right; border-bottom: 3px solid #111; }
table.compare tbody th { text-align: left; font-weight: normal; color: #222; }
table.compare tbody th.sub { padding-left: 44px; }
table.compare tbody + tbody { border-top: 3px solid #555; }
table.compare td { text-align: right; font-weight: 600; }
td.good { background: #166534; color: #fff; }
td.bad { background: #b91c1c; color: #fff; }
td.small { background: #fde68a; color: #111; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px; margin-right: 8px; vertical-align: -0.05em; }
.legend { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 6px 0 10px; font-size: 22px; }
.caption { color: #333; font-size: 20px; margin: 4px 0 12px; }
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
svg.chart .tick { font-size: 20px; fill: #222; }
svg.chart .axis-title { font-size: 20px; fill: #222; font-weight: 600; }
svg.chart .grid { stroke: #d4d4d4; stroke-width: 1; }
svg.chart .axis { stroke: #111; stroke-width: 2; }
svg.chart .series { fill: none; stroke-width: 4; stroke-linejoin: round; }
svg.chart .label { font-size: 22px; font-weight: 700; }
svg.chart .value { font-size: 18px; fill: #111; }
svg.chart .quiet { font-size: 22px; fill: #555; font-style: italic; }
svg.chart .fault { fill: #f59e0b; fill-opacity: 0.28; }
svg.chart .fault-edge { stroke: #b45309; stroke-width: 3; stroke-dasharray: 8 5; }
svg.chart .fault-label { font-size: 20px; fill: #92400e; font-weight: 700; }
.notes li { margin: 4px 0; }
footer { margin-top: 40px; font-size: 18px; color: #444; }
`;
