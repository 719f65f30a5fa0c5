import { connect } from 'node:net';

/**
 * PING over a plain socket, for the private redis-server statebench starts on loopback
 * (no password, no TLS): undefined once it answers `+PONG`, else what went wrong (refused,
 * `LOADING`, no answer in time). A Redis given by URL is asked through ioredis instead
 * (`ping` in redis.ts), which speaks AUTH and TLS; loading ioredis costs a tenth of a
 * second of CPU that a run on its own Redis need not pay.
 */
export function pingLoopback(port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = (problem: string | undefined): void => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('error', (error) => done(error.message));
    socket.once('close', () => done('the connection closed before an answer'));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      const end = answer.indexOf('\r\n');
      if (end >= 0) done(answer.startsWith('+PONG') ? undefined : answer.slice(0, end).replace(/^-/, ''));
    });
  });
}
