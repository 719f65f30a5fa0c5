import type { Command } from 'commander';
import { type CliIo } from './io.js';

export function registerReport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('re-render a saved run or matrix report')
    .argument('<report.json>', 'a JSON report written by `statebench run` or `statebench matrix`')
    .option('--format <format>', 'table, md, html or json', 'table')
    .action(async (path: string, flags: { format: string }) => (await import('./actions/report.js')).reportAction(io, setExit, path, flags));
}
