import type { Command } from 'commander';
import { SCENARIOS } from '../scenarios/index.js';
import type { Arch } from '../result.js';
import type { CliIo } from './io.js';

export function registerScenarios(program: Command, io: CliIo): void {
  program
    .command('scenarios')
    .description('list the scenarios and their designs')
    .action(() => {
      for (const scenario of Object.values(SCENARIOS)) {
        io.out(`${scenario.name}  ${scenario.description}\n`);
        for (const [arch, definition] of Object.entries(scenario.designs)) {
          const balancer = scenario.autoBalancer(arch as Arch);
          const store = definition.needsRedis ? 'state in Redis' : 'state in process memory';
          io.out(`  ${arch.padEnd(10)} ${store}; --balancer auto = ${balancer}\n`);
        }
      }
    });
}
