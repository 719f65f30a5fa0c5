/**
 * What the balancer answers to a request it cannot parse, as HAProxy and nginx do rather
 * than hanging up: `431` when the request headers exceed the limit, `400` for anything
 * else malformed. The answer is the balancer's own (`x-statebench-balancer: 1`) and
 * closes the connection, since the rest of the stream cannot be trusted.
 */
import type { Duplex } from 'node:stream';
import { balancerAnswerText } from './headers.js';

/** Largest request head (request line and headers) the balancer reads, as Node's and nginx's default. */
export const MAX_HEADER_BYTES = 16 * 1024;

/** The status and message for a request head that cannot be read (llhttp's error codes, which http1/head.ts uses too). */
export function clientErrorAnswer(error: NodeJS.ErrnoException): { status: 400 | 431; message: string } {
  if (error.code === 'HPE_HEADER_OVERFLOW') return { status: 431, message: `request headers larger than ${MAX_HEADER_BYTES} bytes` };
  return { status: 400, message: 'bad request' };
}

/**
 * Answers a `clientError` on `socket`, or just closes it when there is no one to answer
 * (the client reset the connection, or it is no longer writable).
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): boolean {
  socket.on('error', () => socket.destroy());
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return false;
  }
  const { status, message } = clientErrorAnswer(error);
  socket.end(balancerAnswerText(status, message, true));
  return true;
}
