import type { Command } from 'commander';
import type { CliIo } from './io.js';

export function registerScenarios(program: Command, io: CliIo): void {
  program
    .command('scenarios')
    .description('list the scenarios and their designs (from targets/<scenario>/designs.json)')
    .action(async () => (await import('./actions/scenarios.js')).scenariosAction(io));
}
