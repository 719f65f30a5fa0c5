import { constants as osConstants } from 'node:os';

/**
 * Every failure statebench reports to its user is a StatebenchError with a stable
 * `code`; the CLI maps the class to an exit code (see `exitCodeFor`). What the benchmark
 * *measures* (a 502, a lost session) is data in the result, never an exception.
 */
export class StatebenchError extends Error {
  readonly code: string = 'STATEBENCH_ERROR';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad flags or configuration: exit 2. `problems` holds every problem found, one line each. */
export class ConfigError extends StatebenchError {
  override readonly code: string = 'CONFIG_INVALID';
  readonly problems: readonly string[];
  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.join('\n'));
    this.problems = list;
  }
}

/** The environment failed: a fleet that would not start, no Redis, a port taken: exit 3. */
export class EnvironmentError extends StatebenchError {
  override readonly code: string = 'ENVIRONMENT_FAILED';
}

/** A bug in statebench itself. */
export class InternalError extends StatebenchError {
  override readonly code: string = 'INTERNAL';
}

/** The run was interrupted (Ctrl-C, SIGTERM, an aborted signal). */
export class AbortedError extends StatebenchError {
  override readonly code: string = 'ABORTED';
  /** The signal that interrupted it, when one did: the exit code says which (130, 143). */
  readonly signal: NodeJS.Signals | undefined;
  constructor(message: string, options?: ErrorOptions & { readonly signal?: NodeJS.Signals }) {
    super(message, options);
    this.signal = options?.signal;
  }
}

/** The exit codes of docs/design.md ("Exit codes"), in one table. */
export const EXIT = {
  ok: 0,
  assertionFailed: 1,
  usage: 2,
  environment: 3,
  internal: 4,
  interrupted: 130,
} as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof ConfigError) return EXIT.usage;
  if (error instanceof EnvironmentError) return EXIT.environment;
  if (error instanceof AbortedError) return error.signal ? exitCodeForSignal(error.signal) : EXIT.interrupted;
  return EXIT.internal;
}

/** A shell's code for a process ended by `signal`: 128 + its number (SIGINT 130, SIGTERM 143). */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  const number = osConstants.signals[signal] as number | undefined;
  return number === undefined ? EXIT.interrupted : 128 + number;
}
