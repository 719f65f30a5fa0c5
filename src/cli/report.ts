import type { Command } from 'commander';
import { ConfigError, EXIT } from '../errors.js';
import { reporterFor, type ReporterName } from '../report/index.js';
import { matrixReporters } from '../report/matrix-table.js';
import { readSaved } from '../report/read.js';
import { useColor, type CliIo } from './io.js';

export function registerReport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('re-render a saved run or matrix report')
    .argument('<report.json>', 'a JSON report written by `statebench run` or `statebench matrix`')
    .option('--format <format>', 'table, md, html or json', 'table')
    .action(async (path: string, flags: { format: string }) => {
      let reporter;
      try {
        reporter = reporterFor(flags.format);
      } catch {
        throw new ConfigError(`Expected \`--format\` to be one of table, md, html, json, got \`${flags.format}\`.`);
      }
      const saved = await readSaved(path);
      const options = { color: flags.format === 'table' && useColor(io) };
      io.out(saved.kind === 'report'
        ? reporter.render(saved.result, options)
        : matrixReporters[flags.format as ReporterName].render(saved.matrix, options));
      setExit(EXIT.ok);
    });
}
