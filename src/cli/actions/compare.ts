/** What `statebench compare` does (loaded only when it runs, so `--help` loads none of it). */
import { compare, comparisonFailed, parseThresholds, renderComparison, settingDifferences } from '../../compare/index.js';
import { parseInteger } from '../../config/units.js';
import { ConfigError, EXIT } from '../../errors.js';
import { readReport } from '../../report/read.js';
import { useColor, type CliIo } from '../io.js';

export async function compareAction(io: CliIo, setExit: (code: number) => void, basePath: string, headPath: string, flags: { threshold: string[]; seed: string; allowDifferent?: boolean }): Promise<void> {
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
}
