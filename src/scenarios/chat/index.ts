import { createRng, deriveSeed } from '../../driver/rng.js';
import { createLatencyHistogram, encode, recordLatency, summarize } from '../../metrics/histogram.js';
import type { Scenario } from '../types.js';
import { checkChat, deliveryLatencies } from './checker.js';
import { ChatClient } from './client.js';
import { readFinalState } from './final-state.js';
import { chatJourney } from './journey.js';
import { ChatLog } from './recorder.js';

/** Time for messages in flight to land and heartbeats to settle before the final reads. */
const SETTLE_MS = 1000;
/** At most this long more for users still reconnecting when the settle time is up. */
const RECONNECT_WAIT_MS = 5000;
/**
 * A user whose connection opened or closed this recently may be shown either way. A
 * reconnect sets presence at once; only a user who left for good waits for a heartbeat
 * TTL, and the driver's users leave only at the end, after the final reads.
 */
const PRESENCE_GRACE_MS = 2000;

/** Chat: messages, unread counts, presence and typing, over WebSockets. */
export const chat: Scenario = {
  name: 'chat',
  description: 'chat over WebSockets: messages between users on any server, unread counts, presence, typing',
  // The connection itself is stateful in every design; where it lands is the balancer's
  // choice, and users land on different servers either way.
  autoBalancer: () => 'round-robin',
  prepare: ({ users: count, seed }) => {
    const users = Array.from({ length: count }, (_, index) => `user-${index + 1}`);
    const log = new ChatLog(users);
    const clients = new Map<number, ChatClient>();
    return {
      journey: (user) =>
        chatJourney(user, {
          users,
          clientOf: (index) => clients.get(index),
          client: (index, owner) => {
            let client = clients.get(index);
            if (!client) {
              client = new ChatClient({
                user: owner.name,
                origin: owner.origin,
                clock: owner.clock,
                log,
                rng: createRng(deriveSeed(seed, index, 0xc4a7)),
                timeoutMs: 2000,
                signal: owner.signal,
                ...(owner.localAddress === undefined ? {} : { localAddress: owner.localAddress }),
              });
              clients.set(index, client);
            }
            return client;
          },
        }),
      close: () => clients.forEach((client) => client.close()),
      finish: async (context) => {
        await context.clock.sleep(SETTLE_MS, context.signal);
        // A user still reconnecting or catching up (a loaded machine, a late crash) gets
        // to finish, within bounds, so what it was about to see is in the history.
        const reconnects = Promise.all([...clients.values()].map((client) => client.settled()));
        const done = new AbortController();
        await Promise.race([reconnects, context.clock.sleep(RECONNECT_WAIT_MS, AbortSignal.any([context.signal, done.signal]))]);
        done.abort();
        const connected = Object.fromEntries(users.map((user, index) => [user, clients.get(index)?.connected ?? false]));
        const tokens = Object.fromEntries(users.map((user, index) => [user, clients.get(index)?.token]));
        const final = await readFinalState(users, connected, tokens, context);
        // The history is taken before the clients close, so their closing is not in it.
        const history = log.history(final);
        for (const client of clients.values()) client.close();
        const delivery = createLatencyHistogram();
        for (const ms of deliveryLatencies(history)) recordLatency(delivery, Math.round(ms * 1000));
        const { times, ...consistency } = checkChat(history, { presenceGraceMs: PRESENCE_GRACE_MS });
        return {
          consistency,
          errorTimesMs: times,
          latency: { delivery: { summary: summarize(delivery), histogram: encode(delivery) } },
        };
      },
    };
  },
};
