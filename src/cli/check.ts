import type { Command } from 'commander';
import { DEFAULTS } from '../config/defaults.js';
import { type RawCheckOptions } from '../config/run-config.js';
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
    .action(async (scenario: string, raw: RawCheckOptions) => (await import('./actions/check.js')).checkAction(io, setExit, scenario, raw));
}
