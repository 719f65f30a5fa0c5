import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { PROJECT_ROOT } from '../paths.js';
import { AbortedError, ConfigError, EXIT, exitCodeFor, StatebenchError } from '../errors.js';
import { registerCheck } from './check.js';
import { registerCompare } from './compare.js';
import { registerFaults } from './faults.js';
import { registerFleet } from './fleet.js';
import { registerMatrix } from './matrix.js';
import { registerMerge } from './merge.js';
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
    // Extra operands are refused in the preAction hook below, with the value named.
    .allowExcessArguments()
    .hook('preAction', (_program, command) => refuseExtraArguments(command))
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      outputError: (text, write) => write(oneLine(text)),
    });
  registerRun(program, io, setExit);
  registerMatrix(program, io, setExit);
  registerFleet(program, io, setExit);
  registerReport(program, io, setExit);
  registerCompare(program, io, setExit);
  registerMerge(program, io, setExit);
  registerScenarios(program, io);
  registerFaults(program, io);
  registerCheck(program, io, setExit);
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    return report(error, io);
  }
}

/**
 * A commander error as one line, like every other statebench error: `error: unknown
 * option '--dration'\n(Did you mean --duration?)` becomes `statebench: unknown option
 * '--dration' (did you mean --duration?)`.
 */
export function oneLine(text: string): string {
  const message = text.trim().replace(/^error: /, '').replace(/\s*\n\(Did you mean/g, ' (did you mean').replace(/\s*\n\s*/g, ' ');
  return `statebench: ${message}\n`;
}

const COUNT_WORDS = ['none', 'one', 'two', 'three'];

/** commander's "too many arguments" does not say which: this names the first extra value. */
function refuseExtraArguments(command: Command): void {
  const expected = command.registeredArguments;
  const extra = command.args[expected.length];
  if (extra === undefined || expected.at(-1)?.variadic) return;
  const takes = expected.length === 0 ? 'none' : `${COUNT_WORDS[expected.length] ?? expected.length}: ${expected.map((arg) => `<${arg.name()}>`).join(' ')}`;
  throw new ConfigError(`unexpected argument \`${extra}\` for \`${command.name()}\` (it takes ${takes}).`);
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
