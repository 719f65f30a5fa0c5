import type { Command } from 'commander';
import { type RawRunOptions } from '../config/run-config.js';
import { type CliIo } from './io.js';
import { addLoadOptions } from './run.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export interface MatrixFlags extends RawRunOptions {
  readonly quiet?: boolean;
  readonly report?: string;
  readonly assert?: readonly string[];
  readonly junit?: string;
}

export function registerMatrix(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addLoadOptions(
    program
      .command('matrix')
      .description('run every design against every balancer strategy (and redispatch on/off) with the same seed and faults; one table'),
  )
    .option('--report <formats>', 'also write these views beside the JSON report, e.g. html,md')
    .option('--assert <check>', "fail (exit 1) unless it holds in every balancer setting, e.g. 'stateless.sessionLoss.rate == 0' (repeatable)", collect, [])
    .option('--junit <file>', 'also write the assertion results as JUnit XML (a suite per balancer setting)')
    .action(async (scenario: string, raw: MatrixFlags) => (await import('./actions/matrix.js')).matrixAction(io, setExit, scenario, raw));
}
