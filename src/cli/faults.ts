import type { Command } from 'commander';
import type { CliIo } from './io.js';

export function registerFaults(program: Command, io: CliIo): void {
  program
    .command('faults')
    .description('list the faults and the --fault grammar')
    .action(async () => (await import('./actions/faults.js')).faultsAction(io));
}
