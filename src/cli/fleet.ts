import type { Command } from 'commander';
import { type RawFleetOptions } from '../config/run-config.js';
import { DEFAULTS } from '../config/defaults.js';
import type { CliIo } from './io.js';

export function registerFleet(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('fleet')
    .description('start a fleet and its balancer without load, until Ctrl-C (for curl or another load tool)')
    .argument('<scenario>', 'the scenario whose servers to start')
    .option('--target <file>', "a target file naming your own designs of the scenario (see docs/targets.md); default: the scenario's own")
    .option('--design <name>', `a design of the scenario (see \`statebench scenarios\`); default: ${DEFAULTS.fleetDesign}, or a --target file's first`)
    .option('--arch <name>', 'an alias of --design')
    .option('--servers <n>', 'servers in the fleet', String(DEFAULTS.servers))
    .option('--balancer <strategy>', 'auto, round-robin, random, least-connections, sticky, hash or source', DEFAULTS.balancer)
    .option('--port <n>', 'balancer port (0: a free one)', String(DEFAULTS.fleetPort))
    .option('--seed <n>', 'seed of the random strategy')
    .option('--store <auto|redis|sqlite>', 'where a stateless fleet keeps its state: auto is Redis when there is one, else SQLite (docs/stores.md)', DEFAULTS.store)
    .option('--redis-url <url>', 'Redis for a stateless fleet (default: $REDIS_URL, else a private redis-server)')
    .action(async (scenario: string, raw: RawFleetOptions) => (await import('./actions/fleet.js')).fleetAction(io, setExit, scenario, raw));
}
