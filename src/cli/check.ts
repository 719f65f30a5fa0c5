import { resolve } from 'node:path';
import type { Command } from 'commander';
import { checkDesign } from '../conformance/check-design.js';
import { failures } from '../conformance/index.js';
import { renderDesignCheck } from '../conformance/render.js';
import { DEFAULTS } from '../config/defaults.js';
import { parseCheckConfig, type RawCheckOptions } from '../config/run-config.js';
import { EXIT } from '../errors.js';
import { settleStores } from '../fleet/store-choice.js';
import { interruptible } from './interrupt.js';
import type { CliIo } from './io.js';

export function registerCheck(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('check')
    .description("probe one server of each design for the scenario's protocol (docs/conformance.md); exit 1 if a required check fails")
    .argument('<scenario>', 'the scenario whose protocol to check')
    .option('--target <file>', 'a target file naming your own designs (docs/targets.md); default: the reference designs')
    .option('--design <names>', 'the design(s) to check, comma-separated (default: every design of the file)')
    .option('--arch <names>', 'an alias of --design')
    .option('--store <auto|redis|sqlite>', 'the store of the designs that run on several: auto is Redis when there is one, else SQLite (docs/stores.md)', DEFAULTS.store)
    .option('--redis-url <url>', 'Redis for the designs that need one (default: $REDIS_URL, else a private redis-server)')
    .action(async (scenario: string, raw: RawCheckOptions) => {
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
    });
}
