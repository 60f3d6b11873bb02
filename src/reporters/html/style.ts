// The page's inline stylesheet: print-friendly, no web fonts, no external resources.

export const STYLE = `
:root { color-scheme: light; font-family: system-ui, sans-serif; font-size: 14px; color: #1b1f24; }
body { margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 1400px; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .25rem; }
.verdict { display: inline-block; font-weight: 700; padding: .15rem .6rem; border-radius: 4px; color: #fff; }
.verdict.pass { background: #1a7f37; } .verdict.fail { background: #cf222e; }
.verdict.incomplete { background: repeating-linear-gradient(-45deg, #9a6700 0 8px, #bf8700 8px 16px); color: #fff; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
section.panel { border: 1px solid #d0d7de; border-radius: 6px; padding: .25rem 1rem 1rem; margin: 1rem 0; background: #f6f8fa; }
section.panel.incomplete { border-color: #bf8700; border-left-width: 6px; }
section.panel table { background: #fff; width: auto; min-width: 40%; }
ul.left-out { margin: 0; padding-left: 1rem; }
.views { display: flex; flex-wrap: wrap; gap: 1rem; }
/* off-screen views and the findings table are laid out and painted only when scrolled near */
figure.view { content-visibility: auto; contain-intrinsic-size: auto 540px; }
div.lazy { content-visibility: auto; contain-intrinsic-size: auto 1200px; }
figure.view { margin: 0; flex: 1 1 520px; border: 1px solid #d0d7de; border-radius: 6px; background: #fff; }
figure.view figcaption { display: flex; justify-content: space-between; align-items: center; padding: .35rem .6rem; background: #f6f8fa; border-bottom: 1px solid #d0d7de; }
svg.board { display: block; width: 100%; height: 480px; background: #0d1b12; cursor: crosshair; }
.layer path:not(.lines) { vector-effect: non-scaling-stroke; stroke-width: 1px; }
.layer path.lines { fill: none; stroke-linecap: round; stroke-linejoin: round; }
/* a layer's see-through is the group's, so its shapes and stroke lines show as one union */
.role-pads { fill: #c87533; stroke: none; } g.role-pads { opacity: .9; } .role-pads .lines { stroke: #c87533; }
.role-mask { fill: none; stroke: #3fb950; stroke-opacity: .9; }
.role-deposit { fill: #b8c4cc; stroke: #e6edf3; } g.role-deposit { opacity: .55; } .role-deposit .lines { stroke: #b8c4cc; }
.role-vias { fill: #0b0f0c; stroke: #8b949e; }
.role-outline { fill: none; stroke: #e3b341; }
.role-other { fill: #79c0ff; stroke: none; } g.role-other { opacity: .4; } .role-other .lines { stroke: #79c0ff; }
.swatch.role-pads { background: #c87533; } .swatch.role-mask { background: none; border-color: #3fb950; }
.swatch.role-deposit { background: #b8c4cc; } .swatch.role-vias { background: #0b0f0c; }
.swatch.role-outline { background: none; border-color: #e3b341; } .swatch.role-other { background: #79c0ff; }
.marker { cursor: pointer; }
.marker circle, .marker rect { fill: none; vector-effect: non-scaling-stroke; stroke-width: 2px; }
.marker.severity-error circle, .marker.severity-error rect { stroke: #ff4d4f; }
.marker.severity-warning circle, .marker.severity-warning rect { stroke: #f0c000; }
.marker.selected circle { stroke: #fff; stroke-width: 3px; }
.marker.filtered { display: none; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem .9rem; padding: .35rem .6rem; font-size: .85rem; }
.swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -1px; border: 1px solid #8b949e; }
.filters { display: flex; gap: 1rem; align-items: center; margin: .5rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eaeef2; vertical-align: top; }
th { background: #f6f8fa; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.no-site { color: #57606a; font-style: italic; }
#findings tbody tr { cursor: pointer; }
#findings tbody tr:hover { background: #f3f8ff; }
#findings tbody tr.selected { background: #ddf4ff; }
.sev-error { color: #cf222e; font-weight: 600; } .sev-warning { color: #9a6700; font-weight: 600; }
.mono { font-family: ui-monospace, monospace; font-size: .85rem; word-break: break-all; }
dl.signoff { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
dl.signoff dt { font-weight: 600; }
`
