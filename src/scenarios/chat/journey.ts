import type { JourneyOutcome, VirtualUser } from '../types.js';
import type { ChatClient } from './client.js';

/** Everything one journey needs beyond the user: the clients of all users, by index. */
export interface ChatRoom {
  readonly users: readonly string[];
  client(index: number, user: VirtualUser): ChatClient;
  clientOf(index: number): ChatClient | undefined;
}

/**
 * One exchange: the user types to a seeded recipient (on whatever server the balancer
 * put them), sends a message and waits for its ack, and now and then reads what came.
 * The connection outlives the journey; a dropped one is reconnected by the client.
 */
export async function chatJourney(user: VirtualUser, room: ChatRoom): Promise<JourneyOutcome> {
  const client = room.client(user.index, user);
  const to = user.rng.int(0, room.users.length - 2);
  const recipient = to >= user.index ? to + 1 : to;
  const name = room.users[recipient]!;
  try {
    await client.ensureConnected();
  } catch {
    return failed(user, 'connect', client.server, 'could not connect');
  }
  client.typing(name, room.clientOf(recipient)?.connected ?? false);
  await user.think();
  if (user.signal.aborted) return failed(user, 'abort', '-', 'run interrupted');
  const id = `${user.name}.${user.journey}`;
  const startedAt = user.clock.now();
  const acked = await client.send(id, name, `hello ${name}, from ${user.name} (${user.journey})`);
  user.recorder.recordRequest({
    step: 'send',
    server: client.server,
    atMs: startedAt,
    latencyUs: Math.max(1, Math.round((user.clock.now() - startedAt) * 1000)),
    outcome: acked ? 'ok' : 'indeterminate',
  });
  if (!acked) return failed(user, 'send', client.server, 'no ack');
  if (user.rng.next() < 0.3) client.read();
  return { kind: 'completed' };
}

function failed(user: VirtualUser, step: string, server: string, reason: string): JourneyOutcome {
  return { kind: 'failed', step, server, reason, atMs: user.clock.now() };
}
