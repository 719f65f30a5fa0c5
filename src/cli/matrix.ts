import type { Command } from 'commander';
import { parseRunConfig, type RawRunOptions } from '../config/run-config.js';
import { EXIT } from '../errors.js';
import { runMatrix } from '../orchestrator/matrix.js';
import { renderMatrix } from '../report/matrix-table.js';
import { writeJsonReport } from '../report/json.js';
import { interruptible } from './interrupt.js';
import { useColor, type CliIo } from './io.js';
import { ProgressPrinter } from './progress.js';
import { addLoadOptions, announce } from './run.js';
import { checkWritableFolder } from './writable.js';

export function registerMatrix(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addLoadOptions(
    program
      .command('matrix')
      .description('run every design against every balancer strategy (and redispatch on/off) with the same seed and faults; one table'),
  ).action(async (scenario: string, raw: RawRunOptions & { quiet?: boolean }) => {
    const config = parseRunConfig(scenario, raw, io.env);
    await checkWritableFolder('--out', config.outDir);
    const { signal, finishing, dispose } = interruptible(io);
    announce(io, config, raw.quiet);
    const printer = raw.quiet ? undefined : new ProgressPrinter(io, config);
    try {
      const matrix = await runMatrix(config, {
        signal,
        ...(printer ? { onEvent: (event) => printer.handle(event) } : {}),
        onCell: (variant, index) => {
          if (!raw.quiet) io.err(`matrix ${index + 1}: ${variant.strategy}${variant.strategy === 'sticky' || variant.strategy === 'hash' ? `, redispatch ${variant.redispatch ? 'on' : 'off'}` : ''}\n`);
        },
      });
      finishing();
      printer?.finish();
      io.out(renderMatrix(matrix, { color: useColor(io) }));
      const path = await writeJsonReport(matrix, config.outDir, `${matrix.scenario}-matrix`);
      io.out(`\nreport: ${path}\n`);
      setExit(EXIT.ok);
    } finally {
      dispose();
    }
  });
}
