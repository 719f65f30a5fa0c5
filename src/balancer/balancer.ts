/**
 * The balancer assembled in-process: membership, health checks and the HTTP/1.1 server,
 * on raw sockets (http1/). main.ts wraps it in the IPC protocol; tests may use it directly.
 */
import net, { type AddressInfo, type Socket } from 'node:net';
import { AffinityMemory } from './affinity.js';
import { answerClientError } from './client-error.js';
import { HealthChecker } from './health.js';
import { ClientConnection, type ConnectionHandlers } from './http1/connection.js';
import { Membership, type HealthListener } from './membership.js';
import type { InitMessage } from './protocol.js';
import { createRequestHandler } from './proxy.js';
import { seededRandom } from './rng.js';
import type { Router } from './router.js';
import { strategyFor } from './strategies/index.js';
import { Toxics } from './toxics.js';
import { createUpgradeHandler } from './upgrade.js';

export type BalancerConfig = Omit<InitMessage, 'type'>;

export interface RunningBalancer {
  readonly port: number;
  readonly membership: Membership;
  readonly toxics: Toxics;
  close(): Promise<void>;
}

/** Toxics draw their jitter from a stream of their own, so they do not shift the `random` strategy's picks. */
const TOXIC_STREAM = 0x9e3779b9;

/** Starts listening; rejects with the listen error (e.g. `EADDRINUSE`) if it cannot. */
export async function startBalancerServer(config: BalancerConfig, onHealth?: HealthListener): Promise<RunningBalancer> {
  const pick = strategyFor(config.strategy);
  const membership = new Membership(config.backends, onHealth);
  const random = seededRandom(config.seed);
  const toxics = new Toxics(seededRandom(config.seed ^ TOXIC_STREAM));
  let seq = 0;
  const router: Router = {
    membership,
    pick,
    policy: { redispatch: config.redispatch ?? true, hashMode: config.hashMode ?? 'consistent' },
    toxics,
    affinity: new AffinityMemory(),
    nextDecision: () => ({ seq: seq++, random: random() }),
  };

  const handlers: ConnectionHandlers = {
    request: createRequestHandler(router, config),
    upgrade: createUpgradeHandler(router, config),
    // A malformed request from a client is that client's problem, not a crash: it gets a
    // 431 or 400 of the balancer's own, not a dropped connection.
    malformed(socket, code) {
      if (answerClientError(Object.assign(new Error(code), { code }), socket)) membership.countBalancerError();
    },
  };
  const sockets = new Set<Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    new ClientConnection(socket, handlers);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const health = new HealthChecker(membership, {
    path: config.healthPath,
    intervalMs: config.healthIntervalMs,
    timeoutMs: config.healthTimeoutMs,
  });
  health.start();

  let closing: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    membership,
    toxics,
    close() {
      closing ??= new Promise<void>((resolve) => {
        health.stop();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        membership.close();
      });
      return closing;
    },
  };
}
