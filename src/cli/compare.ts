import type { Command } from 'commander';
import { compare, comparisonFailed, parseThresholds, renderComparison, settingDifferences } from '../compare/index.js';
import { parseInteger } from '../config/units.js';
import { ConfigError, EXIT } from '../errors.js';
import { readReport } from '../report/read.js';
import { useColor, type CliIo } from './io.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerCompare(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('compare')
    .description('compare two run reports side by side; exit 1 on a regression beyond a threshold')
    .argument('<base.json>', 'the baseline report')
    .argument('<head.json>', 'the report to judge')
    .option('--threshold <path=limit>', "allowed change, e.g. 'latency.p99=+10%' or 'stateless.sessionLoss.rate=+0' (repeatable)", collect, [])
    .option('--seed <n>', 'seed of the bootstrap resampling', '1')
    .option('--allow-different', 'compare reports whose scenario, designs, users, rate, duration, faults or seed differ')
    .action(async (basePath: string, headPath: string, flags: { threshold: string[]; seed: string; allowDifferent?: boolean }) => {
      const thresholds = parseThresholds(flags.threshold);
      const seed = parseInteger(flags.seed, 0);
      if (!seed.ok) throw new ConfigError(`Expected \`--seed\` to be ${seed.expected}, got \`${flags.seed}\`.`);
      const [base, head] = [await readReport(basePath), await readReport(headPath)];
      const differences = settingDifferences(base, head);
      if (differences.length > 0 && !flags.allowDifferent) {
        throw new ConfigError(differences.map((difference) =>
          `Expected \`${basePath}\` and \`${headPath}\` to share their settings, got ${difference} (--allow-different compares them anyway).`));
      }
      const comparison = compare(base, head, thresholds, { seed: seed.value });
      const shown = { ...comparison, notes: [...differences.map((d) => `compared although the settings differ: ${d}`), ...comparison.notes] };
      io.out(renderComparison(shown, { color: useColor(io) }));
      setExit(comparisonFailed(comparison) ? EXIT.assertionFailed : EXIT.ok);
    });
}
