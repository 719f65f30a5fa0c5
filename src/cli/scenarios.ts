import type { Command } from 'commander';
import { offersStores, referenceDesigns, referenceFilePath, storeOf, storesOf } from '../designs/index.js';
import { SCENARIOS } from '../scenarios/index.js';
import type { CliIo } from './io.js';

export function registerScenarios(program: Command, io: CliIo): void {
  program
    .command('scenarios')
    .description('list the scenarios and their designs (from targets/<scenario>/designs.json)')
    .action(() => {
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
    });
}
