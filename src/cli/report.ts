import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ConfigError, EXIT } from '../errors.js';
import { reporterFor } from '../report/index.js';
import { REPORT_SCHEMA, type RunResult } from '../result.js';
import { useColor, type CliIo } from './io.js';

/** Reads a saved JSON report, or a ConfigError saying what is wrong with the file. */
export async function readReport(path: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Expected a readable report file, got \`${path}\` (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    throw new ConfigError(`Expected a JSON report, got \`${path}\`, which is not JSON.`);
  }
  const schema = (report as { schema?: unknown })?.schema;
  if (schema !== REPORT_SCHEMA) {
    throw new ConfigError(`Expected a report with schema ${REPORT_SCHEMA}, got \`${path}\` with schema \`${String(schema)}\`.`);
  }
  return report as RunResult;
}

export function registerReport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('re-render a saved run report')
    .argument('<run.json>', 'a JSON report written by `statebench run`')
    .option('--format <format>', 'table, md, html or json', 'table')
    .action(async (path: string, flags: { format: string }) => {
      let reporter;
      try {
        reporter = reporterFor(flags.format);
      } catch {
        throw new ConfigError(`Expected \`--format\` to be one of table, md, html, json, got \`${flags.format}\`.`);
      }
      const result = await readReport(path);
      io.out(reporter.render(result, { color: flags.format === 'table' && useColor(io) }));
      setExit(EXIT.ok);
    });
}
