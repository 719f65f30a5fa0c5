/**
 * Reporters by name. Each is a pure `render(result, options) → string`; adding one
 * (Markdown, HTML) is adding a file and a line here.
 */
import { ConfigError } from '../errors.js';
import type { RunResult } from '../result.js';
import { renderHtml } from './html/index.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';

export { renderJson, reportFileName, writeReport } from './json.js';
export { renderTable, SMALL_RATE } from './table.js';
export { renderHtml } from './html/index.js';
export { renderMarkdown } from './markdown.js';
export { summarize } from './summary.js';
export type { TableOptions } from './table.js';

/** Options every reporter accepts; a reporter ignores what does not apply to it. */
export interface ReportOptions {
  /** ANSI colours allowed (terminal reporters only). */
  readonly color: boolean;
}

/** Turns a run's result into text. */
export interface Reporter {
  /** File extension when the output is saved, without the dot. */
  readonly extension: string;
  render(result: RunResult, options: ReportOptions): string;
}

/** Every reporter, keyed by the name users pass (e.g. `--format table`). */
export const reporters = {
  table: { extension: 'txt', render: (result, options) => renderTable(result, options) },
  json: { extension: 'json', render: (result) => renderJson(result) },
  html: { extension: 'html', render: (result) => renderHtml(result) },
  md: { extension: 'md', render: (result) => renderMarkdown(result) },
} as const satisfies Record<string, Reporter>;

/** A reporter's name. */
export type ReporterName = keyof typeof reporters;

/**
 * The reporter called `name`.
 * @throws ConfigError naming the known reporters when there is none by that name.
 */
export function reporterFor(name: string): Reporter {
  if (Object.hasOwn(reporters, name)) return reporters[name as ReporterName];
  const known = Object.keys(reporters).map((n) => `\`${n}\``).join(', ');
  throw new ConfigError(`Expected a report format among ${known}, got \`${name}\`.`);
}
