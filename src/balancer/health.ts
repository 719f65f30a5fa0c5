/**
 * Active health checks: `GET <healthPath>` on every member each interval, on a fresh
 * connection, with a short timeout. A backend goes down after `FALL` consecutive failed
 * checks and comes back after `RISE` consecutive good ones (HAProxy's `fall 2 rise 2`).
 * Passive failures (a refused connect) are reported by the proxy through
 * `Membership.setHealth` and take a backend down at once.
 */
import http from 'node:http';
import type { Backend, Membership } from './membership.js';

export const FALL = 2;
export const RISE = 2;

export interface HealthOptions {
  readonly path: string;
  readonly intervalMs: number;
  /** A check with no answer after this long has failed. */
  readonly timeoutMs: number;
}

export class HealthChecker {
  readonly #pending = new Set<Backend>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly membership: Membership,
    private readonly options: HealthOptions,
  ) {}

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.tick(), this.options.intervalMs);
    this.tick();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Starts one check per member, skipping members whose previous check is still out. */
  tick(): void {
    for (const backend of this.membership.all()) {
      if (this.#pending.has(backend)) continue;
      this.#pending.add(backend);
      void this.#check(backend).then((reason) => {
        this.#pending.delete(backend);
        if (this.#timer) this.#record(backend, reason);
      });
    }
  }

  #record(backend: Backend, failure: string | undefined): void {
    if (failure === undefined) {
      backend.fails = 0;
      backend.passes++;
      if (!backend.up && backend.passes >= RISE) this.membership.setHealth(backend, true, 'health check passed');
    } else {
      backend.passes = 0;
      backend.fails++;
      if (backend.up && backend.fails >= FALL) this.membership.setHealth(backend, false, `health check: ${failure}`);
    }
  }

  /** Resolves with undefined when healthy, else a short reason. Never rejects. */
  #check(backend: Backend): Promise<string | undefined> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (failure: string | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        resolve(failure);
      };
      const req = http.get({
        host: backend.url.hostname,
        port: backend.url.port || 80,
        path: this.options.path,
        agent: false,
        headers: { connection: 'close', 'user-agent': 'statebench-balancer-health' },
      });
      const timer = setTimeout(() => finish(`no answer within ${this.options.timeoutMs} ms`), this.options.timeoutMs);
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        finish(status >= 200 && status < 400 ? undefined : `status ${status}`);
      });
      req.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
    });
  }
}
