/** What `statebench faults` does (loaded only when it runs, so `--help` loads none of it). */
import { FAULTS } from '../../chaos/faults/index.js';
import type { CliIo } from '../io.js';

export async function faultsAction(io: CliIo): Promise<void> {
  io.out('--fault kind[:target][@when][+span][,param=value]\n');
  io.out('  target  server-N, or random (drawn by the seed at each firing)\n');
  io.out('  when    4s | 1500ms | 40% | after=200journeys | every=3s (seeded gaps); default 40% of the run\n');
  io.out('  span    +2s, for faults that are reverted\n\n');
  for (const [kind, fault] of Object.entries(FAULTS)) io.out(`  ${kind.padEnd(12)} ${fault.summary}\n`);
  io.out('\nexamples: --fault pause:server-2@3s+2s  --fault restart:server-1@after=200journeys  --fault crash:random@every=3s\n');
  io.out('          --fault latency:server-1@2s+3s,delay=300ms,jitter=50ms  --fault rolling@5s  --fault store-pause@4s+1s\n');
  io.out('\n--fault exec:COMMAND[@when][+span][,revert=COMMAND]  (the only kind with --url; docs/remote.md)\n');
  io.out('          --fault "exec:docker compose kill pizza-1@4s"\n');
  io.out('          --fault "exec:docker compose stop pizza-1@4s+3s,revert=docker compose start pizza-1"\n');
}
