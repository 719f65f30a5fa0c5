import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ClientConnection, type BodySink } from '../../../../src/balancer/http1/connection.js';
import type { RequestHead } from '../../../../src/balancer/http1/head.js';

/** A client socket made of a plain Duplex: what the client sends is pushed, what is written is dropped. */
function fakeSocket(): Socket {
  const socket = new Duplex({ read() {}, write: (_chunk, _encoding, done) => done() });
  return Object.assign(socket, { setNoDelay: () => socket, setTimeout: () => socket, remoteAddress: '127.0.0.1' }) as unknown as Socket;
}

/** Sends `text` in one piece; resolves with what the handler saw of each request, in order. */
async function read(text: string) {
  const seen: { target: string; bodyDoneAtHead: boolean; body: string }[] = [];
  const socket = fakeSocket();
  new ClientConnection(socket, {
    request(conn, head: RequestHead): BodySink {
      const entry = { target: head.target, bodyDoneAtHead: conn.bodyDone, body: '' };
      seen.push(entry);
      // The answer is written at once: the next pipelined request may be read.
      if (conn.bodyDone) queueMicrotask(() => conn.finish(true));
      return {
        body(chunk, done) {
          entry.body += chunk.toString();
          if (done) queueMicrotask(() => conn.finish(true));
        },
      };
    },
    upgrade: () => {},
    malformed: () => {},
  });
  socket.push(Buffer.from(text, 'latin1'));
  await new Promise((resolve) => setTimeout(resolve, 10));
  return seen;
}

describe('ClientConnection', () => {
  it('says whether the body is still to come when the request head is handed over', async () => {
    const seen = await read(
      'POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello' + 'GET /b HTTP/1.1\r\n\r\n' + 'POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n',
    );
    expect(seen).toEqual([
      { target: '/a', bodyDoneAtHead: false, body: 'hello' },
      { target: '/b', bodyDoneAtHead: true, body: '' },
      { target: '/c', bodyDoneAtHead: false, body: '2\r\nhi\r\n0\r\n\r\n' },
    ]);
  });
});
