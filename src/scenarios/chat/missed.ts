import { request } from 'undici';

/** A message as `GET /users/:u/messages` lists it, before it is checked. */
export interface ListedMessage {
  readonly id?: unknown;
  readonly from?: unknown;
  readonly seq?: unknown;
}

/**
 * `GET /users/:u/messages?after=<id>` through the balancer with the user's token: what
 * was sent to the user after message `after` (everything when absent). Resolves with the
 * status and, on 200, the messages; rejects when there is no answer in time.
 */
export async function fetchMissed(
  origin: string,
  user: string,
  token: string,
  after: string | undefined,
  timeoutMs: number,
): Promise<{ status: number; messages: readonly ListedMessage[] }> {
  const query = after === undefined ? '' : `?after=${encodeURIComponent(after)}`;
  const response = await request(`${origin}/users/${encodeURIComponent(user)}/messages${query}`, {
    headers: { authorization: `Bearer ${token}` },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const body = (await response.body.json()) as { messages?: ListedMessage[] };
  return { status: response.statusCode, messages: response.statusCode === 200 ? (body.messages ?? []) : [] };
}
