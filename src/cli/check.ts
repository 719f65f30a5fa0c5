import { resolve } from 'node:path';
import type { Command } from 'commander';
import { checkDesign } from '../conformance/check-design.js';
import { failures } from '../conformance/index.js';
import { renderDesignCheck } from '../conformance/render.js';
import { DEFAULTS } from '../config/defaults.js';
import { ConfigError, EXIT } from '../errors.js';
import { SCENARIOS, scenarioNames } from '../scenarios/index.js';
import type { TargetDefinition } from '../fleet/target.js';
import { interruptible } from './interrupt.js';
import type { CliIo } from './io.js';

interface RawCheckOptions {
  readonly design?: string;
  readonly redisUrl?: string;
}

export interface CheckConfig {
  readonly scenario: string;
  readonly designs: readonly string[];
  readonly redisUrl?: string;
}

/** The flags of `check`, validated at once: every problem names the flag, the value and what was expected. */
export function parseCheckConfig(scenario: string, raw: RawCheckOptions, env: NodeJS.ProcessEnv = {}): CheckConfig {
  const problems: string[] = [];
  const known = SCENARIOS[scenario];
  if (!known) problems.push(`Expected \`<scenario>\` to be one of ${scenarioNames().join(', ')}, got \`${scenario}\`.`);
  const all = Object.keys(known?.designs ?? {});
  const designs = raw.design === undefined ? all : raw.design.split(',').map((name) => name.trim());
  if (known && raw.design !== undefined) {
    const unknown = designs.filter((name) => !all.includes(name));
    if (unknown.length > 0 || designs.length === 0) {
      problems.push(`Expected \`--design\` to be one or more (comma-separated) of ${all.join(', ')}, got \`${raw.design}\`.`);
    }
  }
  const redisUrl = raw.redisUrl ?? env.REDIS_URL;
  if (redisUrl && !/^rediss?:\/\/\S+$/.test(redisUrl)) {
    problems.push(`Expected \`--redis-url\` to be a URL such as redis://127.0.0.1:6379, got \`${redisUrl}\`.`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { scenario, designs: [...new Set(designs)], ...(redisUrl ? { redisUrl } : {}) };
}

export function registerCheck(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('check')
    .description("probe one server of each design for the scenario's protocol (docs/conformance.md); exit 1 if a required check fails")
    .argument('<scenario>', 'the scenario whose protocol to check')
    .option('--design <names>', 'the design(s) to check, comma-separated (default: every design of the scenario)')
    .option('--redis-url <url>', 'Redis for the designs that need one (default: $REDIS_URL, else a private redis-server)')
    .action(async (scenario: string, raw: RawCheckOptions) => {
      const config = parseCheckConfig(scenario, raw, io.env);
      const { signal, dispose } = interruptible(io);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      let failed = 0;
      try {
        for (const design of config.designs) {
          const definition = (SCENARIOS[config.scenario]!.designs as Readonly<Record<string, TargetDefinition>>)[design]!;
          const logDir = resolve(DEFAULTS.outDir, 'logs', `${stamp}-${config.scenario}-check`, design);
          const result = await checkDesign(config.scenario, definition, { logDir, signal, ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}) });
          io.out(renderDesignCheck(result));
          if (failures(result.checks).length > 0) failed++;
        }
      } finally {
        dispose();
      }
      setExit(failed === 0 ? EXIT.ok : EXIT.assertionFailed);
    });
}
