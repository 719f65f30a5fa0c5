import { describe, expect, it } from 'vitest';
import { BodyScanner, type Framing } from '../../../../src/balancer/http1/body.js';

/**
 * Feeds `stream` to a scanner split at `cut` (and as one piece when `cut` is undefined);
 * returns how many bytes the body took, or 'failed' / 'open' (not ended).
 */
function bodyLength(framing: Framing, stream: string, cut?: number): number | 'failed' | 'open' {
  const bytes = Buffer.from(stream, 'latin1');
  const pieces = cut === undefined ? [bytes] : [bytes.subarray(0, cut), bytes.subarray(cut)];
  const scanner = new BodyScanner(framing);
  let taken = 0;
  for (const piece of pieces) {
    const end = scanner.scan(piece);
    if (scanner.failed) return 'failed';
    taken += end;
    if (scanner.done) return taken;
  }
  return 'open';
}

/** The same answer for the whole stream and for every split of it in two. */
function everySplit(framing: Framing, stream: string): number | 'failed' | 'open' {
  const whole = bodyLength(framing, stream);
  for (let cut = 0; cut <= stream.length; cut++) expect(bodyLength(framing, stream, cut), `split at ${cut}`).toBe(whole);
  return whole;
}

const CHUNKED: Framing = { kind: 'chunked' };

describe('BodyScanner: where a body ends, at any split of its bytes', () => {
  it('a counted body ends after its length; what follows is the next message', () => {
    expect(everySplit({ kind: 'length', length: 5 }, 'helloGET / HTTP/1.1\r\n')).toBe(5);
    expect(everySplit({ kind: 'length', length: 5 }, 'hel')).toBe('open');
  });

  it('no body ends before its first byte', () => {
    expect(everySplit({ kind: 'none' }, 'GET / HTTP/1.1\r\n\r\n')).toBe(0);
    expect(new BodyScanner({ kind: 'length', length: 0 }).done).toBe(true);
  });

  it('chunked: sizes in hex, with extensions, ending at the last chunk', () => {
    const body = '5\r\nhello\r\nA;name=value;x\r\n0123456789\r\n0\r\n\r\n';
    expect(everySplit(CHUNKED, `${body}GET /next HTTP/1.1\r\n\r\n`)).toBe(body.length);
    const spaced = `1a \r\n${'x'.repeat(26)}\r\n0\r\n\r\n`;
    expect(everySplit(CHUNKED, spaced)).toBe(spaced.length);
  });

  it('chunked: trailer fields after the last chunk belong to the body', () => {
    const body = '3\r\nabc\r\n0\r\nX-Checksum: 42\r\nX-Other: y\r\n\r\n';
    expect(everySplit(CHUNKED, `${body}HTTP/1.1 200 OK\r\n`)).toBe(body.length);
  });

  it('chunked: a body cut short is not over', () => {
    expect(everySplit(CHUNKED, '5\r\nhel')).toBe('open');
    expect(everySplit(CHUNKED, '0\r\nX-Trailer: 1\r\n')).toBe('open');
  });

  it('chunked: refuses what no chunked body can hold', () => {
    expect(bodyLength(CHUNKED, 'zz\r\n')).toBe('failed');
    expect(bodyLength(CHUNKED, '3\r\nabcX\r\n')).toBe('failed');
    expect(bodyLength(CHUNKED, '\r\n')).toBe('failed');
    expect(bodyLength(CHUNKED, 'f'.repeat(14) + '\r\n')).toBe('failed');
  });

  it('close-delimited: every byte is the body until the connection ends', () => {
    const scanner = new BodyScanner({ kind: 'close' });
    expect(scanner.scan(Buffer.from('anything at all'))).toBe(15);
    expect(scanner.done).toBe(false);
    scanner.end();
    expect(scanner.done).toBe(true);
    expect(scanner.closeDelimited).toBe(true);
  });

  it('a counted body cut short by the connection ending stays unfinished', () => {
    const scanner = new BodyScanner({ kind: 'length', length: 10 });
    scanner.scan(Buffer.from('short'));
    scanner.end();
    expect(scanner.done).toBe(false);
  });
});
