import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { PROJECT_ROOT } from '../paths.js';
import { AbortedError, EXIT, exitCodeFor, StatebenchError } from '../errors.js';
import { registerCompare } from './compare.js';
import { registerFaults } from './faults.js';
import { registerFleet } from './fleet.js';
import { registerMatrix } from './matrix.js';
import { registerReport } from './report.js';
import { processIo, type CliIo } from './io.js';
import { registerRun } from './run.js';
import { registerScenarios } from './scenarios.js';

/** Runs the command line; resolves to the exit code. Only here does statebench print. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command('statebench')
    .description('chaos and comparison benchmark: stateful vs stateless fleets under crashes and rebalancing')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text.startsWith('error: ') ? `statebench: ${text.slice(7)}` : text),
    });
  registerRun(program, io, setExit);
  registerMatrix(program, io, setExit);
  registerFleet(program, io, setExit);
  registerReport(program, io, setExit);
  registerCompare(program, io, setExit);
  registerScenarios(program, io);
  registerFaults(program, io);
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    return report(error, io);
  }
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // commander printed its one line already; help and version are not failures.
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help'
      ? EXIT.ok
      : EXIT.usage;
  }
  if (error instanceof AbortedError) {
    io.err(`statebench: ${error.message}; everything stopped, no report written.\n`);
    return exitCodeFor(error);
  }
  if (error instanceof StatebenchError) {
    for (const line of error.message.split('\n')) io.err(`statebench: ${line}\n`);
    return exitCodeFor(error);
  }
  io.err(`statebench: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  if (io.env.STATEBENCH_DEBUG && error instanceof Error) io.err(`${error.stack}\n`);
  return EXIT.internal;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
