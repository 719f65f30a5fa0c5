import { request } from 'undici';

/**
 * `POST /login {"user"}` through the balancer; resolves with the signed token, or rejects
 * (no answer, a refusal, no token in the answer).
 */
export async function logIn(origin: string, user: string, timeoutMs: number): Promise<string> {
  const response = await request(`${origin}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user }),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const body = (await response.body.json().catch(() => undefined)) as { token?: unknown } | undefined;
  if (response.statusCode !== 200 || typeof body?.token !== 'string') throw new Error(`login: ${response.statusCode}`);
  return body.token;
}
