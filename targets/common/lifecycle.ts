/**
 * How a reference target lives and dies. statebench starts, kills and restarts these
 * processes; they must announce readiness on stdout, shut down cleanly when asked and
 * never outlive the statebench that started them.
 */
import type { Server } from 'node:http';

/** Exit codes, as docs/protocols.md says: bad usage 2, the environment failed (port, store) 3. */
export const EXIT_USAGE = 2;
export const EXIT_ENVIRONMENT = 3;

const WATCHDOG_MS = 500;
const FORCE_EXIT_MS = 5_000;

/**
 * If env STATEBENCH_PARENT_PID names a process, exits 0 once it is gone: a SIGKILLed
 * statebench cannot stop its children, so they must notice on their own.
 */
export function watchParent(env: NodeJS.ProcessEnv = process.env): void {
  const pid = Number(env.STATEBENCH_PARENT_PID);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const timer = setInterval(() => {
    try {
      process.kill(pid, 0);
    } catch (error) {
      // EPERM means it exists but belongs to someone else: still alive.
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') process.exit(0);
    }
  }, WATCHDOG_MS);
  timer.unref(); // the watchdog alone must not keep the process alive
}

export interface ServeOptions {
  readonly server: Server;
  readonly id: string;
  readonly host: string;
  readonly port: number;
  /** Releases what the server holds (e.g. quits Redis) after in-flight requests finished. */
  readonly onClose?: () => Promise<void>;
  /**
   * Called once when shutdown begins, before waiting for connections to end. Upgraded
   * connections (WebSockets) keep `server.close()` waiting until they end, so a target
   * holding them closes them here.
   */
  readonly onShutdown?: () => void;
}

/**
 * Listens, prints `listening <id> <host>:<port>` (the real port, so `--port 0` works)
 * and turns SIGTERM/SIGINT into a graceful shutdown: stop accepting, finish in-flight
 * requests, release resources, exit 0; forced after 5 s. A port that cannot be bound
 * is an environment failure: one stderr line, exit 3.
 */
export function serve({ server, id, host, port, onClose, onShutdown }: ServeOptions): void {
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    setTimeout(() => process.exit(0), FORCE_EXIT_MS).unref();
    // Keep-alive connections would hold close() open; drop each once it goes idle.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearInterval(sweep);
      void (onClose?.() ?? Promise.resolve())
        .catch((error: unknown) => process.stderr.write(`${id}: error while closing: ${String(error)}\n`))
        .finally(() => process.exit(0));
    });
    server.closeIdleConnections();
    onShutdown?.();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  // A response finishing during shutdown tells its client not to reuse the connection.
  server.on('request', (_req, res) => {
    if (closing) res.setHeader('connection', 'close');
  });

  server.once('error', (error: NodeJS.ErrnoException) => {
    process.stderr.write(`${id}: cannot listen on ${host}:${port}: ${error.code ?? error.message}\n`);
    process.exit(EXIT_ENVIRONMENT);
  });
  server.listen(port, host, () => {
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    process.stdout.write(`listening ${id} ${host}:${actualPort}\n`);
  });
}
