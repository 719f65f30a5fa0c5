import type { Command } from 'commander';
import type { RawRunOptions } from '../config/run-config.js';
import { DEFAULT_POOL_SECONDS, DEFAULTS, LIMITS } from '../config/defaults.js';
import { formatLimit } from '../config/units.js';
import type { RunConfig } from '../config/types.js';
import type { CliIo } from './io.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** The flags `run` and `matrix` share: the load, the faults, the fleet and the output. */
export function addLoadOptions(command: Command): Command {
  return command
    .argument('<scenario>', 'the scenario to run (see `statebench scenarios`)')
    .option('--target <file>', "a target file naming your own designs of the scenario (see docs/targets.md); default: the scenario's own")
    .option('--design <names>', `a design, a comma list, all, or both (stateful,stateless); default: ${DEFAULTS.design}, or all of a --target file's`)
    .option('--arch <names>', 'an alias of --design')
    .option('--servers <n>', 'servers per fleet', String(DEFAULTS.servers))
    .option('--users <n>', `virtual users of the closed model (default: ${DEFAULTS.users})`)
    .option('--duration <time>', `how long users start journeys, e.g. 10s (at most ${formatLimit(LIMITS.maxDurationMs)}; default: ${DEFAULTS.duration})`)
    .option('--rate <n/s>', 'open model: journeys arriving per second, e.g. 40/s, whatever the fleet does (docs/cli.md)')
    .option('--ramp <stages>', 'open model: rate stages, e.g. 10/s:2s,50/s:5s (from --rate or 0, linearly); replaces --duration')
    .option('--max-users <n>', `open model: at most this many journeys at once; an arrival finding none free is dropped (default: ${DEFAULT_POOL_SECONDS} s of arrivals at the peak rate)`)
    .option('--think <time>', `pause between a user's steps (at most ${formatLimit(LIMITS.maxThinkMs)})`, DEFAULTS.think)
    .option('--seed <n>', 'seed for journeys and faults (printed when not given)')
    .option('--crash <server[@time]>', 'SIGKILL a server, e.g. server-1 or server-1@4s (repeatable)', collect, [])
    .option('--fault <spec>', 'kind[:target][@when][+span][,param=value], e.g. pause:server-2@3s+2s (repeatable; see `statebench faults`)', collect, [])
    .option('--proxy <builtin|haproxy|nginx>', "the balancer in front of each fleet: statebench's own, or HAProxy or nginx from PATH (docs/proxies.md)", DEFAULTS.proxy)
    .option('--hash <consistent|modulo>', 'how the hash strategy places keys', DEFAULTS.hash)
    .option('--joint <share>', 'atm: share of accounts used by two customers at once', DEFAULTS.joint)
    .option('--tabs <n>', `pizza: browser tabs per user; each journey's adds go out from all of them at once (default ${DEFAULTS.tabs}, at most ${LIMITS.maxTabs})`)
    .option('--store <auto|redis|sqlite>', 'where stateless designs keep their state: auto is Redis when there is one, else SQLite (docs/stores.md)', DEFAULTS.store)
    .option('--redis-url <url>', 'Redis for stateless designs (default: $REDIS_URL, else a private redis-server)')
    .option('--out <dir>', 'folder for the JSON report and server logs', DEFAULTS.outDir)
    .option('--timeout <time>', `a request with no answer after this long is indeterminate (at most ${formatLimit(LIMITS.maxTimeoutMs)})`, DEFAULTS.requestTimeout)
    .option('--quiet', 'no progress lines, only the table and the report path');
}

export function registerRun(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addLoadOptions(program.command('run').description("run a scenario against each design's fleet (stateful and stateless, or a target file's) and compare them"))
    .option('--balancer <strategy>', 'auto, round-robin, random, least-connections, sticky, hash or source', DEFAULTS.balancer)
    .option('--redispatch <on|off>', 'sticky and hash: move a session whose server is gone', DEFAULTS.redispatch)
    .option('--report <formats>', 'also write these views beside the JSON report, e.g. html,md')
    .option('--trace <user>', "tell one virtual user's story step by step, e.g. user-7")
    .option('--assert <check>', "fail (exit 1) unless it holds, e.g. 'stateless.sessionLoss.rate == 0' (repeatable)", collect, [])
    .option('--repeat <n>', 'run each design n times (compare then judges with confidence intervals)', '1')
    .option('--hdr-log <file>', "also write the latencies in HdrHistogram's interval log format (one tag per design)")
    .option('--junit <file>', 'also write the assertion results as JUnit XML (one test case per --assert)')
    .option('--url <url>', 'drive a fleet statebench did not start, through its balancer at this URL (docs/remote.md); faults are then exec: commands')
    .option('--server <id=url>', 'with --url: a server of that fleet, for the protocol probe and the final audits (repeatable)', collect, [])
    .option('--shard <i/n>', 'with --url: drive only the i-th of n slices of the users; `statebench merge` joins the n reports')
    .option('--faults-from <k>', 'with --shard: the shard whose faults act (the others record the same windows); default 1')
    .option('--start-at <iso-time>', 'with --url: wait until this time to start the load, so shards line up')
    .action(async (scenario: string, raw: RunFlags) => (await import('./actions/run.js')).runAction(io, setExit, scenario, raw));
}

export interface RunFlags extends RawRunOptions {
  readonly quiet?: boolean;
  readonly report?: string;
  readonly hdrLog?: string;
  readonly assert?: readonly string[];
  readonly junit?: string;
}

/** The first line: what runs, and the seed to replay it (even when quiet, if it was drawn). */
export function announce(io: CliIo, config: RunConfig, quiet: boolean | undefined): void {
  if (!quiet) io.err(`${describe(config)}\n`);
  else if (!config.seedGiven) io.err(`statebench: seed ${config.seed} (replay with --seed ${config.seed})\n`);
}

export function describe(config: RunConfig): string {
  const seed = config.seedGiven ? `seed ${config.seed}` : `seed ${config.seed} (replay with --seed ${config.seed})`;
  const faults = config.faults.length ? `, faults ${config.faults.map((fault) => fault.text).join(', ')}` : '';
  const tabs = config.tabs > 1 ? ` with ${config.tabs} tabs each` : '';
  const where = config.external ? `at ${config.external.url}` : `on ${config.servers} servers`;
  const shard = config.shard ? `, shard ${config.shard.index}/${config.shard.count}` : '';
  return `statebench: ${config.scenario}, ${config.designs.join(' then ')}, ${describeLoad(config)}${tabs}${shard} for ${config.durationMs / 1000}s ${where}, ${seed}${faults}`;
}

/** `50 users`, or the open model's `40/s, at most 800 users`. */
function describeLoad(config: RunConfig): string {
  if (!config.open) return `${config.users} users`;
  const { startPerSec, stages } = config.open.arrivals;
  const single = stages.length === 1 && stages[0]!.perSec === startPerSec;
  const rates = single ? `${startPerSec}/s` : `${startPerSec}/s then ${stages.map((stage) => `${stage.perSec}/s over ${stage.durationMs / 1000}s`).join(', ')}`;
  return `journeys arriving at ${rates}, at most ${config.open.maxUsers} users`;
}
