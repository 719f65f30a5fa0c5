/** What `statebench scenarios` does (loaded only when it runs, so `--help` loads none of it). */
import { offersStores, referenceDesigns, referenceFilePath, storeOf, storesOf } from '../../designs/index.js';
import { SCENARIOS } from '../../scenarios/index.js';
import type { CliIo } from '../io.js';

export async function scenariosAction(io: CliIo): Promise<void> {
  for (const scenario of Object.values(SCENARIOS)) {
    io.out(`${scenario.name}  ${scenario.description}\n`);
    const file = referenceDesigns(scenario.name);
    for (const [name, design] of Object.entries(file.designs)) {
      const store = offersStores(design) ? `store ${storesOf(design).join(' or ')} (--store)` : `store ${design.store} (${storeOf(design).description})`;
      io.out(`  ${name.padEnd(16)} ${store}; --balancer auto = ${scenario.autoBalancer(design)}\n`);
    }
    io.out(`  (${referenceFilePath(scenario.name)})\n`);
  }
  io.out('\nYour own service: --target FILE on run, matrix and fleet (docs/targets.md).\n');
}
