import { appendFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { writeWhole } from '../report/json.js';
import { ConfigError, EnvironmentError } from '../errors.js';
import { reporterFor } from '../report/index.js';
import type { RunResult } from '../result.js';
import type { CliIo } from './io.js';

/** `--report html,md` → ['html', 'md'], each a known reporter, or a ConfigError naming the flag. */
export function parseFormats(text: string | undefined, flag = '--report'): string[] {
  if (text === undefined || text.trim() === '') return [];
  const formats = text.split(',').map((part) => part.trim());
  for (const format of formats) {
    try {
      reporterFor(format);
    } catch {
      throw new ConfigError(`Expected \`${flag}\` to be a list of table, md, html, json, got \`${text}\`.`);
    }
  }
  return formats;
}

/**
 * Writes `text` to `path` whole or not at all; returns the path.
 * @throws EnvironmentError naming `what` and this file (not "the report": the JSON may be fine).
 */
export async function writeText(path: string, text: string, what: string): Promise<string> {
  try {
    return await writeWhole(dirname(path), basename(path), text);
  } catch (error) {
    const cause = error instanceof EnvironmentError && error.cause !== undefined ? error.cause : error;
    throw new EnvironmentError(`Could not write ${what} to \`${path}\`: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Writes one view of the run beside its JSON report (`x.json` → `x.html`); returns its path. */
export async function writeView(result: RunResult, jsonPath: string, format: string): Promise<string> {
  const reporter = reporterFor(format);
  const path = jsonPath.replace(/\.json$/, `.${reporter.extension}`);
  return writeText(path, reporter.render(result, { color: false }), `the ${format} view (--report)`);
}

/** On GitHub Actions, the Markdown view goes to the job's summary page too. */
export async function writeStepSummary(io: CliIo, result: RunResult): Promise<void> {
  const path = io.env.GITHUB_STEP_SUMMARY;
  if (!path) return;
  try {
    await appendFile(path, `${reporterFor('md').render(result, { color: false })}\n`, 'utf8');
  } catch (error) {
    io.err(`statebench: could not write $GITHUB_STEP_SUMMARY (${path}): ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
