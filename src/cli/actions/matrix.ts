/** What `statebench matrix` does (loaded only when it runs, so `--help` loads none of it). */
import { appendFile } from 'node:fs/promises';
import { assertionsFailed, checkAssertions, parseAssertions, renderAssertions, validateAssertions } from '../../assert/index.js';
import { parseRunConfig } from '../../config/run-config.js';
import { EXIT } from '../../errors.js';
import { runMatrix, type MatrixResult } from '../../orchestrator/matrix.js';
import { settleRunStore } from '../../orchestrator/run.js';
import type { ReporterName } from '../../report/index.js';
import { renderJunit } from '../../report/junit.js';
import { matrixReporters, renderMatrix, renderMatrixMarkdown, variantLabel } from '../../report/matrix-table.js';
import { writeJsonReport } from '../../report/json.js';
import { interruptible } from '../interrupt.js';
import { useColor, type CliIo } from '../io.js';
import { ProgressPrinter } from '../progress.js';
import { announce } from '../run.js';
import type { MatrixFlags } from '../matrix.js';
import { parseFormats, writeText } from '../views.js';
import { checkWritableFile, checkWritableFolder } from '../writable.js';

export async function matrixAction(io: CliIo, setExit: (code: number) => void, scenario: string, raw: MatrixFlags): Promise<void> {
  const config = parseRunConfig(scenario, raw, io.env);
  const formats = parseFormats(raw.report);
  const assertions = parseAssertions(raw.assert ?? []);
  validateAssertions(assertions, config.designs);
  // Before the load: a run must not measure for minutes and then fail to write.
  await checkWritableFolder('--out', config.outDir);
  if (raw.junit !== undefined) await checkWritableFile('--junit', raw.junit);
  const { signal, finishing, dispose } = interruptible(io);
  announce(io, config, raw.quiet);
  const printer = raw.quiet ? undefined : new ProgressPrinter(io, config);
  try {
    // Settled once, so auto decides (and says so) once for the seven runs.
    const settled = await settleRunStore(config, { env: io.env, onEvent: (event) => event.type === 'store' && io.err(`${event.note}\n`) });
    const matrix = await runMatrix(settled, {
      signal,
      ...(printer ? { onEvent: (event) => printer.handle(event) } : {}),
      onCell: (variant, index) => {
        if (!raw.quiet) io.err(`matrix ${index + 1}: ${variantLabel(variant)}\n`);
      },
    });
    finishing();
    printer?.finish();
    io.out(renderMatrix(matrix, { color: useColor(io) }));
    const path = await writeJsonReport(matrix, config.outDir, `${matrix.scenario}-matrix`);
    io.out(`\nreport: ${path}\n`);
    for (const format of formats) {
      const reporter = matrixReporters[format as ReporterName];
      io.out(`${format}: ${await writeText(path.replace(/\.json$/, `.${reporter.extension}`), reporter.render(matrix, { color: false }), `the ${format} view (--report)`)}\n`);
    }
    await writeStepSummary(io, matrix);
    // Every balancer setting is a run of its own: an assertion must hold in each.
    const cells = matrix.cells.map((cell) => ({ label: variantLabel(cell.variant), outcomes: checkAssertions(cell.result, assertions) }));
    if (raw.junit) {
      const suites = cells.map(({ label, outcomes }) => ({
        name: `statebench matrix ${matrix.scenario} · ${label}`,
        className: `statebench.matrix.${matrix.scenario}.${label.replace(/[^\w-]+/g, '-')}`,
        outcomes,
      }));
      io.out(`junit: ${await writeText(raw.junit, renderJunit(suites, { timestamp: matrix.startedAt }), 'the JUnit file (--junit)')}\n`);
    }
    if (assertions.length > 0) {
      io.out('\nassertions:\n');
      for (const { label, outcomes } of cells) {
        const lines = renderAssertions(outcomes, { color: useColor(io) }).split('\n').filter((line) => line !== '');
        io.out(`${label}:\n${lines.map((line) => `  ${line}\n`).join('')}`);
      }
    }
    setExit(cells.some(({ outcomes }) => assertionsFailed(outcomes)) ? EXIT.assertionFailed : EXIT.ok);
  } finally {
    printer?.finish();
    dispose();
  }
}

/** On GitHub Actions, the matrix's Markdown goes to the job's summary page, as a run's does. */
async function writeStepSummary(io: CliIo, matrix: MatrixResult): Promise<void> {
  const path = io.env.GITHUB_STEP_SUMMARY;
  if (!path) return;
  try {
    await appendFile(path, `${renderMatrixMarkdown(matrix)}\n`, 'utf8');
  } catch (error) {
    io.err(`statebench: could not write $GITHUB_STEP_SUMMARY (${path}): ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
