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

interface ChatUser {
  readonly name: string;
  readonly token: string;
}

/** A user's GET with their bearer token, described without printing the token. */
function read(client: ProbeClient, path: string, as: ChatUser): Promise<Exchange> {
  return client.http({ method: 'GET', path, headers: { authorization: `Bearer ${as.token}` }, with: `${as.name}'s bearer token` });
}

/** Logs `name` in: the user, or undefined when the login gave no token (the check says why). */
async function logIn(client: ProbeClient, name: string, which: string, checks: ConformanceCheck[]): Promise<ChatUser | undefined> {
  const login = await client.http({ method: 'POST', path: '/login', body: { user: name } });
  checks.push(...judgeLogin(login, name, which));
  if (which === ORDINAL[0]) {
    const cookie = headerValues(login, 'set-cookie').find((line) => line.startsWith('sid='));
    checks.push({
      name: 'chat: login sets the cookie sid=<token>; HttpOnly',
      required: false,
      ok: cookie !== undefined && /;\s*httponly/i.test(cookie),
      sent: login.sent,
      expected: 'Set-Cookie: sid=<token>; HttpOnly; SameSite=Lax; Path=/',
      got: cookie ?? 'no sid cookie',
    });
  }
  const token = field(login, 'token');
  return typeof token === 'string' && token !== '' ? { name, token } : undefined;
}

/** Opens `user`'s socket as the client does, `?token=`, and waits for its hello; undefined if it failed. */
async function connect(client: ProbeClient, user: ChatUser, which: string, checks: ConformanceCheck[]): Promise<ProbeSocket | undefined> {
  const socket = await client.websocket(`/ws?token=${encodeURIComponent(user.token)}`, `/ws?token=<${user.name}'s token>`);
  const name = `chat: the ${which} user's upgrade with ?token= answers 101`;
  checks.push(judge({ name, required: true, expected: '101 Switching Protocols' }, socket.exchange, socket.open));
  const hello = socket.open ? await socket.next((frame) => frame.type === 'hello') : undefined;
  if (socket.open) {
    const expected = `{"type":"hello","server":"${client.serverId}"}`;
    checks.push(judgeFrame(`chat: the ${which} user's first frame is hello naming the server`, socket.exchange.sent, expected, hello, (frame) => frame.server === client.serverId));
  }
  if (hello) return socket;
  socket.close();
  return undefined;
}

async function probeUnauthenticated(client: ProbeClient, inbox: string): Promise<ConformanceCheck[]> {
  const history = await client.http({ method: 'GET', path: `/users/${inbox}/messages` });
  const upgrade = await client.websocket('/ws', '/ws');
  upgrade.close();
  return [
    judge({ name: 'chat: history without a token answers 401', required: true, expected: '401 {"error":"unknown session"}' }, history, history.status === 401),
    judge({ name: 'chat: the upgrade without a token answers 401', required: true, expected: '401' }, upgrade.exchange, upgrade.exchange.status === 401),
  ];
}

export async function probeChat(client: ProbeClient): Promise<ConformanceCheck[]> {
  const tag = randomBytes(4).toString('hex');
  const [aliceName, bobName, nobody] = ['a', 'b', 'c'].map((suffix) => `probe-${tag}-${suffix}`) as [string, string, string];
  const checks: ConformanceCheck[] = [];
  const alice = await logIn(client, aliceName, ORDINAL[0]!, checks);
  const bob = await logIn(client, bobName, ORDINAL[1]!, checks);
  if (!alice || !bob) return checks;
  checks.push(...(await probeUnauthenticated(client, bob.name)));

  const sockets: ProbeSocket[] = [];
  try {
    for (const [index, user] of [alice, bob].entries()) {
      const socket = await connect(client, user, ORDINAL[index]!, checks);
      if (!socket) return checks;
      sockets.push(socket);
    }
    const [aliceSocket, bobSocket] = sockets as [ProbeSocket, ProbeSocket];

    checks.push(judgeCount('chat: online of a connected user is true', await read(client, `/users/${alice.name}/online`, bob), 'online', true));
    checks.push(judgeCount('chat: online of a user never connected is false', await read(client, `/users/${nobody}/online`, bob), 'online', false));

    aliceSocket.send({ type: 'typing', to: bob.name });
    const typing = await bobSocket.next((frame) => frame.type === 'typing');
    const typed = `{"type":"typing","to":"${bob.name}"} from ${alice.name}`;
    checks.push(judgeFrame('chat: typing reaches the recipient', typed, `{"type":"typing","from":"${alice.name}"}`, typing, (frame) => frame.from === alice.name));

    const ids = [`probe-${tag}-1`, `probe-${tag}-2`];
    for (const [index, id] of ids.entries()) {
      const sent = `{"type":"send","id":"${id}","to":"${bob.name}","text":"…"} from ${alice.name}`;
      aliceSocket.send({ type: 'send', id, to: bob.name, text: `conformance probe ${index + 1}` });
      const ack = await aliceSocket.next((frame) => frame.type === 'ack' && frame.id === id);
      checks.push(judgeFrame(`chat: the ${ORDINAL[index]!} send is acknowledged`, sent, `{"type":"ack","id":"${id}"}`, ack, () => true));
      const live = await bobSocket.next((frame) => frame.type === 'message' && frame.id === id);
      const expected = `{"type":"message","id":"${id}","from":"${alice.name}","seq":${index + 1}, …}`;
      const name = `chat: the ${ORDINAL[index]!} message reaches the connected recipient, with from and seq`;
      checks.push(judgeFrame(name, sent, expected, live, (frame) => frame.from === alice.name && frame.seq === index + 1));
    }
    const inbox = `/users/${bob.name}`;
    checks.push(judgeHistory('chat: history lists the messages, oldest first', await read(client, `${inbox}/messages`, bob), alice.name, ids));
    const later = await read(client, `${inbox}/messages?after=${ids[0]}`, bob);
    checks.push(judgeHistory('chat: history after=<id> lists only later messages', later, alice.name, ids.slice(1)));
    checks.push(judgeCount('chat: unread counts the messages', await read(client, `${inbox}/unread`, bob), 'count', 2));

    // Frames on a socket are applied in order: once the reply's ack is in, the read was applied.
    bobSocket.send({ type: 'read', upTo: ids[0] });
    const reply = `probe-${tag}-3`;
    bobSocket.send({ type: 'send', id: reply, to: alice.name, text: 'conformance probe reply' });
    await bobSocket.next((frame) => frame.type === 'ack' && frame.id === reply);
    const unread = await read(client, `${inbox}/unread`, bob);
    const readSent = `{"type":"read","upTo":"${ids[0]}"} from ${bob.name}, then ${unread.sent}`;
    checks.push(judgeCount('chat: read upTo=<first id> leaves the later one unread', { ...unread, sent: readSent }, 'count', 1));

    const other = await read(client, `${inbox}/unread`, alice);
    checks.push(judge({ name: "chat: another user's unread answers 403", required: false, expected: '403' }, other, other.status === 403));
    return checks;
  } finally {
    for (const socket of sockets) socket.close();
  }
}
