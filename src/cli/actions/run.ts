/** What `statebench run` does (loaded only when it runs, so `--help` loads none of it). */
import { parseRunConfig } from '../../config/run-config.js';
import type { RunConfig } from '../../config/types.js';
import { ConfigError, EXIT } from '../../errors.js';
import { run, settleRunStore } from '../../orchestrator/run.js';
import { renderTable, writeReport } from '../../report/index.js';
import { parseFormats, writeStepSummary, writeText, writeView } from '../views.js';
import { renderHdrLog } from '../../report/hdr-log.js';
import { assertionsFailed, checkAssertions, parseAssertions, renderAssertions, validateAssertions, type Assertion } from '../../assert/index.js';
import { renderJunit } from '../../report/junit.js';
import { ProgressPrinter } from '../progress.js';
import { renderTrace } from '../../report/trace.js';
import { interruptible } from '../interrupt.js';
import { checkWritableFile, checkWritableFolder } from '../writable.js';
import { useColor, type CliIo } from '../io.js';
import { announce, type RunFlags } from '../run.js';

export async function runAction(io: CliIo, setExit: (code: number) => void, scenario: string, raw: RunFlags): Promise<void> {
  const config = parseRunConfig(scenario, raw, io.env);
  const formats = parseFormats(raw.report);
  const assertions = parseAssertions(raw.assert ?? []);
  validateAssertions(assertions, config.designs);
  if (raw.hdrLog !== undefined && raw.hdrLog.trim() === '') throw new ConfigError(`Expected \`--hdr-log\` to be a file, such as latency.hlog, got \`${raw.hdrLog}\`.`);
  // Before the load: a run must not measure for minutes and then fail to write.
  await checkWritableFolder('--out', config.outDir);
  if (raw.hdrLog !== undefined) await checkWritableFile('--hdr-log', raw.hdrLog);
  if (raw.junit !== undefined) await checkWritableFile('--junit', raw.junit);
  setExit(await runCommand(io, config, { ...raw, formats, assertions }));
}

/** What `run` does once its flags are a RunConfig: run, print, write, judge. */
async function runCommand(
  io: CliIo,
  config: RunConfig,
  flags: RunFlags & { formats: readonly string[]; assertions: readonly Assertion[] },
): Promise<number> {
  // Interruptible before the first line: a signal sent on seeing it gets the orderly exit.
  const { signal, finishing, dispose } = interruptible(io);
  announce(io, config, flags.quiet);
  const printer = flags.quiet ? undefined : new ProgressPrinter(io, config);
  try {
    const settled = await settleRunStore(config, { env: io.env, onEvent: (event) => event.type === 'store' && io.err(`${event.note}\n`) });
    const result = await run(settled, { signal, ...(printer ? { onEvent: (event) => printer.handle(event) } : {}) });
    finishing();
    printer?.finish();
    io.out(renderTable(result, { color: useColor(io) }));
    for (const designRun of result.runs) if (designRun.trace) io.out(`
${renderTrace(designRun)}`);
    const path = await writeReport(result, config.outDir);
    io.out(`\nreport: ${path}\n`);
    for (const format of flags.formats) io.out(`${format}: ${await writeView(result, path, format)}\n`);
    if (flags.hdrLog) io.out(`hdr-log: ${await writeText(flags.hdrLog, renderHdrLog(result), 'the HdrHistogram log (--hdr-log)')}\n`);
    await writeStepSummary(io, result);
    // Checked after the report is written: a failed build still has its evidence.
    const outcomes = checkAssertions(result, flags.assertions);
    if (flags.junit) {
      const suite = { name: `statebench ${result.scenario}`, className: `statebench.${result.scenario}`, outcomes };
      io.out(`junit: ${await writeText(flags.junit, renderJunit([suite], { timestamp: result.startedAt }), 'the JUnit file (--junit)')}\n`);
    }
    if (flags.assertions.length === 0) return EXIT.ok;
    io.out(`\nassertions:\n${renderAssertions(outcomes, { color: useColor(io) })}`);
    return assertionsFailed(outcomes) ? EXIT.assertionFailed : EXIT.ok;
  } finally {
    printer?.finish();
    dispose();
  }
}

