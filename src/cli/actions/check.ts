/** What `statebench check` does (loaded only when it runs, so `--help` loads none of it). */
import { resolve } from 'node:path';
import { checkDesign } from '../../conformance/check-design.js';
import { failures } from '../../conformance/index.js';
import { renderDesignCheck } from '../../conformance/render.js';
import { DEFAULTS } from '../../config/defaults.js';
import { parseCheckConfig, type RawCheckOptions } from '../../config/run-config.js';
import { EXIT } from '../../errors.js';
import { settleStores } from '../../fleet/store-choice.js';
import { interruptible } from '../interrupt.js';
import type { CliIo } from '../io.js';

export async function checkAction(io: CliIo, setExit: (code: number) => void, scenario: string, raw: RawCheckOptions): Promise<void> {
  const config = parseCheckConfig(scenario, raw, io.env);
  const settled = await settleStores(config.store, config.targets, { ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}), env: io.env });
  if (settled.note) io.err(`${settled.note}\n`);
  const { signal, dispose } = interruptible(io);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  let failed = 0;
  try {
    for (const design of config.designs) {
      const logDir = resolve(DEFAULTS.outDir, 'logs', `${stamp}-${config.scenario}-check`, design);
      const result = await checkDesign(config.scenario, settled.designs[design]!, {
        logDir,
        signal,
        ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
      });
      io.out(renderDesignCheck(result));
      if (failures(result.checks).length > 0) failed++;
    }
  } finally {
    dispose();
  }
  setExit(failed === 0 ? EXIT.ok : EXIT.assertionFailed);
}
