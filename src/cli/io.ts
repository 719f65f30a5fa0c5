/**
 * Every effect the CLI has on its process goes through this object (k6's injected
 * state), so whole commands are tested in-process.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (colour). */
  readonly stdoutIsTTY: boolean;
  /** Whether stderr is a terminal (a live progress line instead of plain ones). */
  readonly stderrIsTTY: boolean;
  /** The terminal's width, when stderr is one: a live line must fit or it cannot be redrawn. */
  readonly columns?: number;
  /** Subscribes to SIGINT/SIGTERM; returns the unsubscribe. */
  onSignal(handler: (signal: NodeJS.Signals) => void): () => void;
}

export function processIo(): CliIo {
  // `statebench scenarios | head -3`: a reader that has had enough closes the pipe. As
  // cat or ls do, stop quietly instead of dying on an EPIPE stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    ...(process.stderr.columns ? { columns: process.stderr.columns } : {}),
    onSignal: (handler) => {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
}

/** Colour only on a terminal, and never under NO_COLOR (no-color.org) or TERM=dumb. */
export function useColor(io: CliIo): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdoutIsTTY && io.env.TERM !== 'dumb';
}
