import { request } from 'undici';
import type { AuditContext } from '../types.js';
import type { FinalState } from './history.js';
import { logIn } from './login.js';

/**
 * Reads in flight at once: two per user and thousands of users make tens of thousands of
 * reads, and the end of the run waits for all of them.
 */
const PARALLEL = 64;

/**
 * What the fleet says about every user at the end, asked through the balancer as any
 * client would: their unread count, read with their own token (an inbox is its owner's
 * alone), and whether they are online (anyone logged in may ask). A user without a token
 * (it never connected) logs in for the read; one whose login fails is read as unknown.
 */
export async function readFinalState(
  users: readonly string[],
  connected: Record<string, boolean>,
  tokens: Readonly<Record<string, string | undefined>>,
  context: AuditContext,
): Promise<FinalState> {
  const unread: Record<string, number | undefined> = {};
  const online: Record<string, boolean | undefined> = {};
  const atMs = context.clock.now();
  let next = 0;
  const worker = async () => {
    while (next < users.length && !context.signal.aborted) {
      const user = users[next++]!;
      const token = tokens[user] ?? (await logIn(context.origin, user, context.timeoutMs).catch(() => undefined));
      if (token === undefined) continue;
      const base = `${context.origin}/users/${encodeURIComponent(user)}`;
      unread[user] = pick(await getJson(`${base}/unread`, token, context.timeoutMs), 'count', 'number');
      online[user] = pick(await getJson(`${base}/online`, token, context.timeoutMs), 'online', 'boolean');
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, users.length) }, worker));
  return { unread, online, connected, atMs };
}

async function getJson(url: string, token: string, timeoutMs: number): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await request(url, { headers: { authorization: `Bearer ${token}` }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const body = (await response.body.json()) as Record<string, unknown>;
    return response.statusCode === 200 ? body : undefined;
  } catch {
    return undefined;
  }
}

function pick<T extends 'number' | 'boolean'>(body: Record<string, unknown> | undefined, key: string, type: T) {
  const value = body?.[key];
  return (typeof value === type ? value : undefined) as (T extends 'number' ? number : boolean) | undefined;
}
