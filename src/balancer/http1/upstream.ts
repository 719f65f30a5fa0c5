/**
 * Connections to one backend: a keep-alive pool of raw sockets, the most recently used
 * first (LIFO, as the previous `http.Agent` was set: the warm connections stay warm and
 * the others time out). Each connection has one set of socket listeners for its whole
 * life and hands what it reads to whoever holds it now (`handler`), so leasing one costs
 * no listener bookkeeping. An idle connection that reads anything or is closed by the
 * backend leaves the pool.
 */
import net, { type Socket } from 'node:net';

/** Idle connections are closed before Node's default 5 s server keep-alive timeout. */
export const IDLE_SOCKET_MS = 4000;

/** What the holder of a connection is told. */
export interface UpstreamHandler {
  data(chunk: Buffer): void;
  /** The backend half-closed (FIN). */
  end(): void;
  /** The socket is gone; `code` is the error that closed it, if any (`ECONNRESET`, `ECONNREFUSED`). */
  closed(code: string | undefined): void;
}

/** `stale`: a pooled connection the backend had already closed (nothing was written to it). */
export type Connected = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly stale: boolean };

export class Upstream {
  handler: UpstreamHandler | undefined;
  #ended = false;
  #error: string | undefined;

  constructor(
    readonly socket: Socket,
    private readonly pool: UpstreamPool | undefined,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => (this.handler ? this.handler.data(chunk) : socket.destroy()));
    socket.on('end', () => {
      this.#ended = true;
      if (this.handler) this.handler.end();
      else socket.destroy();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (this.#error = error.code ?? error.message));
    socket.on('close', () => {
      this.pool?.forget(this);
      this.handler?.closed(this.#error);
    });
    socket.on('timeout', () => socket.destroy());
  }

  /**
   * Resolves once the connection is usable, or with the reason it is not. For a pooled
   * one, the I/O already waiting (the FIN of a backend that just died or timed the
   * connection out) lands first, so it fails here and not after a request was written.
   */
  connected(): Promise<Connected> {
    return new Promise((resolve) => {
      const { socket } = this;
      if (!socket.connecting) {
        setImmediate(() => resolve(socket.destroyed || this.#ended ? { ok: false, reason: 'closed', stale: true } : { ok: true }));
        return;
      }
      const onConnect = (): void => {
        socket.off('close', onClose);
        resolve({ ok: true });
      };
      const onClose = (): void => {
        socket.off('connect', onConnect);
        resolve({ ok: false, reason: this.#error ?? 'closed', stale: false });
      };
      socket.once('connect', onConnect);
      socket.once('close', onClose);
    });
  }

  /** Returns the connection to its pool (or closes it if it has none). */
  release(): void {
    this.handler = undefined;
    if (this.pool && !this.#ended && !this.socket.destroyed) this.pool.idle(this);
    else this.socket.destroy();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export class UpstreamPool {
  readonly #idle: Upstream[] = [];
  readonly #open = new Set<Upstream>();
  #destroyed = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly idleMs = IDLE_SOCKET_MS,
  ) {}

  /** The most recently idled connection, or a new one. */
  lease(): Upstream {
    const pooled = this.#idle.pop();
    if (pooled) {
      pooled.socket.setTimeout(0);
      return pooled;
    }
    const upstream = new Upstream(net.connect(this.port, this.host), this);
    this.#open.add(upstream);
    return upstream;
  }

  /** A connection of its own, never pooled (an upgrade keeps it for good). */
  dedicated(): Upstream {
    return new Upstream(net.connect(this.port, this.host), undefined);
  }

  idle(upstream: Upstream): void {
    if (this.#destroyed) return upstream.destroy();
    upstream.socket.setTimeout(this.idleMs);
    this.#idle.push(upstream);
  }

  forget(upstream: Upstream): void {
    this.#open.delete(upstream);
    const at = this.#idle.indexOf(upstream);
    if (at >= 0) this.#idle.splice(at, 1);
  }

  /** Closes every connection, idle or in use, and pools none from now on (as `http.Agent#destroy`). */
  destroy(): void {
    this.#destroyed = true;
    for (const upstream of [...this.#open]) upstream.destroy();
  }
}
