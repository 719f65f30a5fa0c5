/** What `statebench report` does (loaded only when it runs, so `--help` loads none of it). */
import { ConfigError, EXIT } from '../../errors.js';
import { reporterFor, type ReporterName } from '../../report/index.js';
import { matrixReporters } from '../../report/matrix-table.js';
import { readSaved } from '../../report/read.js';
import { useColor, type CliIo } from '../io.js';

export async function reportAction(io: CliIo, setExit: (code: number) => void, path: string, flags: { format: string }): Promise<void> {
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
}
