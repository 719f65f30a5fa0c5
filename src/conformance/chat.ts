/**
 * The chat protocol (docs/protocols.md §5) as the client and the checkers rely on it:
 * login with a token, the upgrade with `?token=` and its `hello`, send → ack, live
 * delivery with `seq`, typing relayed, history (and `after`), unread counts and presence,
 * and 401 without a token (the client logs in again on it). Two fresh users on one
 * server. Never judged here: delivery across servers or after a reconnect, which is what
 * a run measures.
 */
import { randomBytes } from 'node:crypto';
import type { Exchange, Frame, ProbeClient, ProbeSocket } from './client.js';
import { field, headerValues, isSuccess, judge } from './judge.js';
import type { ConformanceCheck } from './types.js';

const NO_FRAME = 'no such frame in time';
const ORDINAL = ['first', 'second'];

export function judgeLogin(exchange: Exchange, user: string, which: string): ConformanceCheck[] {
  const token = field(exchange, 'token');
  return [
    judge(
      { name: `chat: login of the ${which} user answers 200 {token}`, required: true, expected: `200 {"user":"${user}","token":"<token>"}` },
      exchange,
      isSuccess(exchange) && typeof token === 'string' && token !== '',
    ),
  ];
}

/** A frame as the checks show it, or why there was none. */
function shown(frame: Frame | undefined): string {
  return frame === undefined ? NO_FRAME : JSON.stringify(frame);
}

/** A check of an awaited frame: `sent` names the frame(s) or request that should cause it. */
export function judgeFrame(name: string, sent: string, expected: string, frame: Frame | undefined, ok: (frame: Frame) => boolean): ConformanceCheck {
  return { name, required: true, ok: frame !== undefined && ok(frame), sent, expected, got: shown(frame) };
}

/** Ids of `messages` in a history answer, in order, with what the client reads of each. */
export function judgeHistory(name: string, exchange: Exchange, from: string, ids: readonly string[]): ConformanceCheck {
  const messages = field(exchange, 'messages');
  const ok =
    isSuccess(exchange) &&
    Array.isArray(messages) &&
    messages.length === ids.length &&
    messages.every((message: Record<string, unknown>, index) => message?.id === ids[index] && message.from === from && Number.isSafeInteger(message.seq));
  const expected = `200 {"messages":[${ids.map((id) => `{"id":"${id}","from":"${from}","seq":<n>, …}`).join(',')}]}`;
  return judge({ name, required: true, expected }, exchange, ok);
}

export function judgeCount(name: string, exchange: Exchange, key: 'count' | 'online', value: number | boolean, required = true): ConformanceCheck {
  return judge({ name, required, expected: `200 {"${key}":${value}}` }, exchange, isSuccess(exchange) && field(exchange, key) === value);
}

export async function probeChat(client: ProbeClient): Promise<ConformanceCheck[]> {
  const tag = randomBytes(4).toString('hex');
  const [alice, bob, nobody] = ['a', 'b', 'c'].map((suffix) => `probe-${tag}-${suffix}`) as [string, string, string];
  const checks: ConformanceCheck[] = [];
  const tokens: string[] = [];
  const logins: Exchange[] = [];
  for (const [index, user] of [alice, bob].entries()) {
    const login = await client.http({ method: 'POST', path: '/login', body: { user } });
    logins.push(login);
    checks.push(...judgeLogin(login, user, ORDINAL[index]!));
    const token = field(login, 'token');
    if (typeof token === 'string' && token !== '') tokens.push(token);
  }
  if (tokens.length < 2) return checks;
  const [aliceToken, bobToken] = tokens as [string, string];
  const as = (token: string, who: string) => ({ headers: { authorization: `Bearer ${token}` }, with: `${who}'s bearer token` });

  const anonymous = await client.http({ method: 'GET', path: `/users/${bob}/messages` });
  checks.push(judge({ name: 'chat: history without a token answers 401', required: true, expected: '401 {"error":"unknown session"}' }, anonymous, anonymous.status === 401));
  const refused = await client.websocket('/ws', '/ws');
  refused.close();
  checks.push(judge({ name: 'chat: the upgrade without a token answers 401', required: true, expected: '401' }, refused.exchange, refused.exchange.status === 401));

  const sockets: ProbeSocket[] = [];
  try {
    for (const [index, [user, token]] of ([[alice, aliceToken], [bob, bobToken]] as const).entries()) {
      const which = ORDINAL[index]!;
      const socket = await client.websocket(`/ws?token=${encodeURIComponent(token)}`, `/ws?token=<${user}'s token>`);
      sockets.push(socket);
      checks.push(judge({ name: `chat: the ${which} user's upgrade with ?token= answers 101`, required: true, expected: '101 Switching Protocols' }, socket.exchange, socket.open));
      if (!socket.open) return checks;
      const hello = await socket.next((frame) => frame.type === 'hello');
      checks.push(
        judgeFrame(`chat: the ${which} user's first frame is hello naming the server`, socket.exchange.sent, `{"type":"hello","server":"${client.serverId}"}`, hello, (frame) => frame.server === client.serverId),
      );
      if (!hello) return checks;
    }
    const [aliceSocket, bobSocket] = sockets as [ProbeSocket, ProbeSocket];

    checks.push(judgeCount('chat: online of a connected user is true', await client.http({ method: 'GET', path: `/users/${alice}/online`, ...as(bobToken, bob) }), 'online', true));
    checks.push(judgeCount('chat: online of a user never connected is false', await client.http({ method: 'GET', path: `/users/${nobody}/online`, ...as(bobToken, bob) }), 'online', false));

    aliceSocket.send({ type: 'typing', to: bob });
    const typing = await bobSocket.next((frame) => frame.type === 'typing');
    checks.push(judgeFrame('chat: typing reaches the recipient', `{"type":"typing","to":"${bob}"} from ${alice}`, `{"type":"typing","from":"${alice}"}`, typing, (frame) => frame.from === alice));

    const ids = [`probe-${tag}-1`, `probe-${tag}-2`];
    for (const [index, id] of ids.entries()) {
      const sent = `{"type":"send","id":"${id}","to":"${bob}","text":"…"} from ${alice}`;
      aliceSocket.send({ type: 'send', id, to: bob, text: `conformance probe ${index + 1}` });
      const ack = await aliceSocket.next((frame) => frame.type === 'ack' && frame.id === id);
      checks.push(judgeFrame(`chat: the ${ORDINAL[index]!} send is acknowledged`, sent, `{"type":"ack","id":"${id}"}`, ack, () => true));
      const live = await bobSocket.next((frame) => frame.type === 'message' && frame.id === id);
      checks.push(
        judgeFrame(`chat: the ${ORDINAL[index]!} message reaches the connected recipient, with from and seq`, sent, `{"type":"message","id":"${id}","from":"${alice}","seq":${index + 1}, …}`, live, (frame) => frame.from === alice && frame.seq === index + 1),
      );
    }
    const history = `/users/${bob}/messages`;
    checks.push(judgeHistory('chat: history lists the messages, oldest first', await client.http({ method: 'GET', path: history, ...as(bobToken, bob) }), alice, ids));
    checks.push(
      judgeHistory('chat: history after=<id> lists only later messages', await client.http({ method: 'GET', path: `${history}?after=${ids[0]}`, ...as(bobToken, bob) }), alice, ids.slice(1)),
    );
    checks.push(judgeCount('chat: unread counts the messages', await client.http({ method: 'GET', path: `/users/${bob}/unread`, ...as(bobToken, bob) }), 'count', 2));

    // Frames on a socket are applied in order: once the reply's ack is in, the read was applied.
    bobSocket.send({ type: 'read', upTo: ids[0] });
    const reply = `probe-${tag}-3`;
    bobSocket.send({ type: 'send', id: reply, to: alice, text: 'conformance probe reply' });
    await bobSocket.next((frame) => frame.type === 'ack' && frame.id === reply);
    const read = await client.http({ method: 'GET', path: `/users/${bob}/unread`, ...as(bobToken, bob) });
    checks.push(judgeCount(`chat: read upTo=<first id> leaves the later one unread`, { ...read, sent: `{"type":"read","upTo":"${ids[0]}"} from ${bob}, then ${read.sent}` }, 'count', 1));

    const other = await client.http({ method: 'GET', path: `/users/${bob}/unread`, ...as(aliceToken, alice) });
    checks.push(judge({ name: "chat: another user's unread answers 403", required: false, expected: '403' }, other, other.status === 403));
    const cookie = headerValues(logins[0]!, 'set-cookie').find((line) => line.startsWith('sid='));
    checks.push({
      name: 'chat: login sets the cookie sid=<token>; HttpOnly',
      required: false,
      ok: cookie !== undefined && /;\s*httponly/i.test(cookie),
      sent: logins[0]!.sent,
      expected: 'Set-Cookie: sid=<token>; HttpOnly; SameSite=Lax; Path=/',
      got: cookie ?? 'no sid cookie',
    });
    return checks;
  } finally {
    for (const socket of sockets) socket.close();
  }
}
