import type { Command } from 'commander';
import type { CliIo } from './io.js';

export function registerMerge(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('merge')
    .description('join the reports of `run --shard i/n` into one report (counts add, histograms merge exactly); see docs/remote.md')
    .argument('<reports...>', 'every shard\'s JSON report, once each')
    .option('--out <file>', 'write the merged report here (default: stdout)')
    .action(async (paths: string[], flags: { out?: string }) => (await import('./actions/merge.js')).mergeAction(io, setExit, paths, flags));
}
