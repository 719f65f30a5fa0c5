import type { Command } from 'commander';
import { type CliIo } from './io.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerCompare(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('compare')
    .description('compare two run reports side by side; exit 1 on a regression beyond a threshold')
    .argument('<base.json>', 'the baseline report')
    .argument('<head.json>', 'the report to judge')
    .option('--threshold <path=limit>', "allowed change, e.g. 'latency.p99=+10%' or 'stateless.sessionLoss.rate=+0' (repeatable)", collect, [])
    .option('--seed <n>', 'seed of the bootstrap resampling', '1')
    .option('--allow-different', 'compare reports whose scenario, designs, users, rate, duration, faults or seed differ')
    .action(async (basePath: string, headPath: string, flags: { threshold: string[]; seed: string; allowDifferent?: boolean }) => (await import('./actions/compare.js')).compareAction(io, setExit, basePath, headPath, flags));
}
