/**
 * The HTML report: one self-contained page (inline CSS and SVG, no script, no font, no
 * image, no URL) to open from disk or project in a classroom. Pure: a result in, a
 * string out. Every text taken from the report is escaped.
 */
import { byDesign } from '../merge.js';
import type { RunResult } from '../../result.js';
import { formatPlannedFault, formatSeconds } from '../format.js';
import { PLACEMENT_NOTE } from '../phases.js';
import { modelNote, usersText } from '../load-notes.js';
import { summarize } from '../summary.js';
import { escapeHtml } from './escape.js';
import { percentileChart } from './percentile-chart.js';
import { serversChart } from './servers-chart.js';
import { STYLE } from './style.js';
import { comparisonTable, designLabel } from './table.js';
import { timelineChart, timelineScale } from './timeline-chart.js';

export { escapeHtml } from './escape.js';
export { faultWindows } from './timeline-chart.js';
export { percentileCurve } from './percentile-chart.js';

/** Nothing may be fetched: styles inline, images none, everything else nowhere. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'";

function legend(result: RunResult): string {
  return `<div class="legend">${result.runs.map((run, i) => `<span>${designLabel(run, i)}</span>`).join('')}</div>`;
}

function header(result: RunResult): string {
  const faults = result.faults.length === 0 ? 'none' : result.faults.map(formatPlannedFault).join(', ');
  const started = result.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return `<h1>statebench · ${escapeHtml(result.scenario)}</h1>
<p class="meta">seed ${escapeHtml(result.seed)} · ${escapeHtml(formatSeconds(result.durationMs))} per design · ` +
    `${escapeHtml(usersText(result))} · ${escapeHtml(started)}</p>
<p class="meta"><strong>faults:</strong> ${escapeHtml(faults)}</p>`;
}

function timelines(result: RunResult): string {
  const scale = timelineScale(result.runs);
  const charts = result.runs.map((run, i) =>
    `<h3>${designLabel(run, i)}</h3>\n${timelineChart(run, i, result.durationMs, scale)}`).join('\n');
  const checked = result.runs.filter((r) => r.consistency.errors > 0);
  const dated = checked.every((r) => r.timeline.some((p) => p.consistency !== undefined));
  const audited = checked.length === 0
    ? ''
    : dated
      ? '<p class="caption">A consistency error is placed at the second of the operation that showed it; what the checks after the load find (final counts, presence, the audit) lands in the last second.</p>'
      : '<p class="caption">This report predates consistency errors per second: they are in the table, not on the timeline.</p>';
  return `<h2>Timeline</h2>
<p class="caption">Per second of the load, on the same scales for every design. Shaded: a fault's window (a crash is a thin band at the moment it fired). Requests, errors and lost sessions are placed at the second their answer came (or the request gave up), so a crash's errors fall at or after it.</p>
${audited}${charts}`;
}

/** Under a table with fault phases: what b/d/a means and when each figure is counted. */
function phaseCaption(result: RunResult): string {
  if (!result.runs.some((run) => (run.phases?.length ?? 0) > 0)) return '';
  return `<p class="caption">b/d/a: before / during / after each fault. ${escapeHtml(PLACEMENT_NOTE)}</p>`;
}

function notes(result: RunResult): string {
  const items = result.runs.flatMap((run) => (run.notes ?? []).map((note) => `<li><strong>${escapeHtml(run.arch)}:</strong> ${escapeHtml(note)}</li>`));
  return items.length === 0 ? '' : `<h2>Notes</h2>\n<ul class="notes">${items.join('\n')}</ul>`;
}

/**
 * The run as one self-contained HTML page: the plain-words summary, the comparison table
 * with verdicts, latency by percentile, each design's timeline with its fault windows
 * shaded (`data-fault-window` on each shaded rect), and requests per server.
 */
export function renderHtml(full: RunResult): string {
  // Repeats of a design (--repeat N) are one column, merged exactly.
  const result = byDesign(full);
  const summary = summarize(result).map((s) => `<p>${escapeHtml(s)}</p>`).join('\n');
  const title = `statebench · ${result.scenario} · seed ${result.seed}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${header(result)}
<section class="summary">
${summary}
</section>
<h2>Comparison</h2>
${comparisonTable(result.runs)}
${phaseCaption(result)}
<p class="caption">${escapeHtml(modelNote(result.runs))}</p>
<h2>Latency by percentile</h2>
<p class="caption">How slow the slowest requests were: read a line from left (typical) to right (rarest).</p>
${legend(result)}
${percentileChart(result.runs)}
${timelines(result)}
<h2>Requests per server</h2>
${legend(result)}
${serversChart(result.runs)}
${notes(result)}
<footer>statebench ${escapeHtml(result.schema)} · rendered from the run's JSON report</footer>
</main>
</body>
</html>
`;
}
