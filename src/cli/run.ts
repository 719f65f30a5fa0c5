import type { Command } from 'commander';
import { parseRunConfig, type RawRunOptions } from '../config/run-config.js';
import { DEFAULTS } from '../config/defaults.js';
import type { RunConfig } from '../config/types.js';
import { EXIT } from '../errors.js';
import { run } from '../orchestrator/run.js';
import type { RunEvent } from '../orchestrator/events.js';
import { renderTable, writeReport } from '../report/index.js';
import { interruptible } from './interrupt.js';
import { useColor, type CliIo } from './io.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** The flags `run` and `matrix` share: the load, the faults, the fleet and the output. */
export function addLoadOptions(command: Command): Command {
  return command
    .argument('<scenario>', 'the scenario to run (see `statebench scenarios`)')
    .option('--arch <design>', 'stateful, stateless, stateless-naive (atm), both, or all the scenario has', DEFAULTS.arch)
    .option('--servers <n>', 'servers per fleet', String(DEFAULTS.servers))
    .option('--users <n>', 'virtual users (closed model)', String(DEFAULTS.users))
    .option('--duration <time>', 'how long users start journeys, e.g. 10s', DEFAULTS.duration)
    .option('--think <time>', "pause between a user's steps", DEFAULTS.think)
    .option('--seed <n>', 'seed for journeys and faults (printed when not given)')
    .option('--crash <server[@time]>', 'SIGKILL a server, e.g. server-1 or server-1@4s (repeatable)', collect, [])
    .option('--fault <spec>', 'kind[:target][@when][+span][,param=value], e.g. pause:server-2@3s+2s (repeatable; see `statebench faults`)', collect, [])
    .option('--hash <consistent|modulo>', 'how the hash strategy places keys', DEFAULTS.hash)
    .option('--joint <share>', 'atm: share of accounts used by two customers at once', DEFAULTS.joint)
    .option('--redis-url <url>', 'Redis for stateless designs (default: $REDIS_URL, else a private redis-server)')
    .option('--out <dir>', 'folder for the JSON report and server logs', DEFAULTS.outDir)
    .option('--timeout <time>', 'a request with no answer after this long is indeterminate', DEFAULTS.requestTimeout)
    .option('--quiet', 'no progress lines, only the table and the report path');
}

export function registerRun(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addLoadOptions(program.command('run').description('run a scenario against the stateful and stateless fleets and compare them'))
    .option('--balancer <strategy>', 'auto, round-robin, random, least-connections, sticky or hash', DEFAULTS.balancer)
    .option('--redispatch <on|off>', 'sticky and hash: move a session whose server is gone', DEFAULTS.redispatch)
    .action(async (scenario: string, raw: RawRunOptions & { quiet?: boolean }) => {
      const config = parseRunConfig(scenario, raw, io.env);
      if (!raw.quiet) io.err(`${describe(config)}\n`);
      else if (!config.seedGiven) io.err(`statebench: seed ${config.seed} (replay with --seed ${config.seed})\n`);
      const { signal, dispose } = interruptible(io);
      try {
        const result = await run(config, { signal, onEvent: raw.quiet ? undefined : (event) => progress(io, config, event) });
        io.out(renderTable(result, { color: useColor(io) }));
        const path = await writeReport(result, config.outDir);
        io.out(`\nreport: ${path}\n`);
        setExit(EXIT.ok);
      } finally {
        dispose();
      }
    });
}

export function describe(config: RunConfig): string {
  const seed = config.seedGiven ? `seed ${config.seed}` : `seed ${config.seed} (replay with --seed ${config.seed})`;
  const faults = config.faults.length ? `, faults ${config.faults.map((fault) => fault.text).join(', ')}` : '';
  return `statebench: ${config.scenario}, ${config.archs.join(' then ')}, ${config.users} users for ${config.durationMs / 1000}s on ${config.servers} servers, ${seed}${faults}`;
}

export function progress(io: CliIo, config: RunConfig, event: RunEvent): void {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
  switch (event.type) {
    case 'redis':
      io.err(`  redis: ${event.url}${event.owned ? ' (private redis-server)' : ''}\n`);
      break;
    case 'design-start':
      io.err(`  ${event.arch}: ${config.servers} servers up behind ${event.balancer} balancer at ${event.balancerUrl}\n`);
      break;
    case 'fault':
      io.err(`  ${event.arch}: ${event.fault.label ?? event.fault.kind} at ${seconds(event.fault.firedAtMs ?? 0)}\n`);
      break;
    case 'fault-error':
      io.err(`  ${event.arch}: fault failed: ${event.message}\n`);
      break;
    case 'progress':
      // Off a terminal, every few seconds is enough for a CI log.
      if (Math.round(event.elapsedMs / 1000) % 2 === 0) {
        const elapsed = seconds(Math.min(event.elapsedMs, config.durationMs));
        io.err(`  ${event.arch}: ${elapsed}/${seconds(config.durationMs)} journeys ${event.journeys} lost ${event.lost} failed ${event.failed}\n`);
      }
      break;
    case 'design-end':
      break;
  }
}
