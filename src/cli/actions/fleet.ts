/** What `statebench fleet` does (loaded only when it runs, so `--help` loads none of it). */
import { parseFleetConfig, type RawFleetOptions } from '../../config/run-config.js';
import { EXIT } from '../../errors.js';
import { startStandaloneFleet } from '../../orchestrator/standalone-fleet.js';
import { fleetHints } from '../fleet-hints.js';
import { interruptible } from '../interrupt.js';
import type { CliIo } from '../io.js';

export async function fleetAction(io: CliIo, setExit: (code: number) => void, scenario: string, raw: RawFleetOptions): Promise<void> {
  const config = parseFleetConfig(scenario, raw, io.env);
  const { signal, dispose } = interruptible(io);
  try {
    const fleet = await startStandaloneFleet(config, signal);
    if (fleet.note) io.err(`${fleet.note}\n`);
    io.out(`balancer (${fleet.balancer.strategy}${config.proxy === 'builtin' ? '' : `, ${config.proxy}`}): ${fleet.balancer.url}\n`);
    for (const server of fleet.servers) io.out(`${server.id}: ${server.url}  pid ${server.pid ?? '?'}  log ${server.logFile}\n`);
    if (fleet.redisUrl) io.out(`redis: ${fleet.redisUrl}\n`);
    if (fleet.storePath) io.out(`sqlite: ${fleet.storePath}\n`);
    const hints = fleetHints(config.scenario, fleet.balancer.url);
    if (hints.length > 0) io.out(`try:\n${hints.map((line) => `  ${line}\n`).join('')}`);
    io.out('Ctrl-C stops everything.\n');
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await fleet.close();
    setExit(EXIT.ok);
  } finally {
    dispose();
  }
}
