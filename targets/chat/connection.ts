/**
 * One user's WebSocket, from open to close: presence first, then `hello`, then the
 * client's frames one at a time. Shared by both designs; what differs is behind
 * `ChatStore` and `ChatBus`.
 */
import { WebSocket, type RawData } from 'ws';
import { FrameError, messageFrame, parseClientFrame, type ClientFrame, type ServerFrame } from './protocol.js';
import type { LocalSockets } from './sockets.js';
import type { ChatBus, ChatStore } from './store.js';

export interface ConnectionOptions {
  readonly ws: WebSocket;
  readonly user: string;
  readonly serverId: string;
  readonly store: ChatStore;
  readonly bus: ChatBus;
  readonly sockets: LocalSockets;
  /** The `error` text a frame carries when the store fails. */
  readonly describe: (error: unknown) => string;
}

const ignore = (): void => undefined;

/** Wires `ws` up: joins, says hello, handles frames in order, leaves on close. */
export function attachConnection({ ws, user, serverId, store, bus, sockets, describe }: ConnectionOptions): void {
  const reply = (frame: ServerFrame): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  };

  // hello only once the user is reachable here: a message stored before the client saw
  // hello is in the history it fetches next, and one stored after finds this socket.
  const joined = bus.join(user).then(
    () => {
      if (ws.readyState === WebSocket.OPEN) {
        sockets.add(user, ws);
        reply({ type: 'hello', server: serverId });
      } else if (!sockets.has(user)) {
        void bus.leave(user).catch(ignore); // it closed while joining: undo the presence
      }
    },
    () => ws.close(1011, 'store unavailable'),
  );

  async function apply(frame: ClientFrame): Promise<void> {
    switch (frame.type) {
      case 'send': {
        const message = { id: frame.id, from: user, to: frame.to, text: frame.text, ts: Date.now() };
        // Delivery is not awaited: the ack promises storage, and the log backs a missed frame.
        const stored = await store.append(message);
        if (stored) void bus.deliver(stored.to, messageFrame(stored)).catch(ignore);
        return reply({ type: 'ack', id: frame.id });
      }
      case 'typing':
        await store.typing(user, frame.to);
        return void bus.deliver(frame.to, { type: 'typing', from: user }).catch(ignore);
      case 'read':
        return store.read(user, frame.upTo);
    }
  }

  async function handle(data: RawData, isBinary: boolean): Promise<void> {
    if (ws.readyState !== WebSocket.OPEN) return;
    let frame: ClientFrame;
    try {
      if (isBinary) throw new FrameError('expected a text frame, got a binary one');
      frame = parseClientFrame((data as Buffer).toString('utf8')); // binaryType is 'nodebuffer'
    } catch (error) {
      const { message, id } = error as FrameError;
      return reply({ type: 'error', error: message, ...(id === undefined ? {} : { id }) });
    }
    try {
      await apply(frame);
    } catch (error) {
      reply({ type: 'error', error: describe(error), ...(frame.type === 'send' ? { id: frame.id } : {}) });
    }
  }

  // One at a time, behind the join: a client may send before its hello arrives, and
  // its messages must be stored and acked in the order it sent them.
  let queue = joined;
  ws.on('message', (data, isBinary) => void (queue = queue.then(() => handle(data, isBinary))));
  ws.on('error', ignore); // a protocol error (e.g. an oversized frame) is followed by close
  ws.on('close', () => {
    if (sockets.remove(user, ws)) void bus.leave(user).catch(ignore);
  });
}
