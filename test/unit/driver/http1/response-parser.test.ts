import { describe, expect, it } from 'vitest';
import { ResponseParseError, ResponseParser, type ParsedResponse } from '../../../../src/driver/http1/response-parser.js';

/** What a test compares: the answer with its body as text. */
function plain(answer: ParsedResponse | undefined) {
  if (!answer) return undefined;
  const { status, headers, setCookies, body, keepAlive, keepAliveMs } = answer;
  return { status, headers: Object.fromEntries(headers), setCookies, body: body.toString('utf8'), keepAlive, keepAliveMs };
}

/** Feeds `wire` in the given pieces; the answer once complete (at the close when `close`), and how many times one came. */
function parse(pieces: readonly Buffer[], options: { close?: boolean; head?: boolean } = {}) {
  const parser = new ResponseParser();
  parser.expect(options.head);
  const answers = pieces.map((piece) => parser.feed(piece)).filter((answer) => answer !== undefined);
  if (options.close) {
    const last = parser.end();
    if (last) answers.push(last);
  }
  return { count: answers.length, answer: plain(answers[0]) };
}

/** The answer to `wire` fed whole, then split in two at every offset, then byte by byte: all must agree. */
function parseEverySplit(wire: string, options: { close?: boolean; head?: boolean } = {}) {
  const bytes = Buffer.from(wire, 'utf8');
  const whole = parse([bytes], options);
  expect(whole.count).toBe(1);
  for (let at = 1; at < bytes.length; at++) {
    expect(parse([bytes.subarray(0, at), bytes.subarray(at)], options), `split at ${at}`).toEqual(whole);
  }
  expect(parse([...bytes].map((byte) => Buffer.from([byte])), options), 'byte by byte').toEqual(whole);
  return whole.answer!;
}

describe('ResponseParser', () => {
  it('frames a body by Content-Length, lower-cases field names and keeps the connection', () => {
    const answer = parseEverySplit('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Server-Id: server-2\r\nContent-Length: 11\r\n\r\n{"a":"héé"}'.replace('11', String(Buffer.byteLength('{"a":"héé"}'))));
    expect(answer).toMatchObject({ status: 200, body: '{"a":"héé"}', keepAlive: true, keepAliveMs: undefined });
    expect(answer.headers).toMatchObject({ 'content-type': 'application/json', 'x-server-id': 'server-2' });
  });

  it('reads a chunked body with extensions and trailers, as Express and Go send one', () => {
    const wire = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n1A\r\n, and twenty more bytes!!!\r\n0\r\nX-Trailer: done\r\n\r\n';
    expect(parseEverySplit(wire)).toMatchObject({ status: 200, body: 'hello, and twenty more bytes!!!', keepAlive: true });
  });

  it('reads a body delimited by the close, and does not reuse that connection', () => {
    const answer = parseEverySplit('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of this until the end', { close: true });
    expect(answer).toMatchObject({ body: 'all of this until the end', keepAlive: false });
  });

  it('has no answer when the connection ends before the Content-Length is read', () => {
    const parser = new ResponseParser();
    parser.expect();
    expect(parser.feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort'))).toBeUndefined();
    expect(parser.end()).toBeUndefined();
    expect(parser.received).toBe(true);
  });

  it.each([
    ['204', 'HTTP/1.1 204 No Content\r\nX-Server-Id: s\r\n\r\n'],
    ['304', 'HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n'],
    ['Content-Length: 0', 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'],
  ])('ends a %s answer at its head', (_, wire) => {
    expect(parseEverySplit(wire)).toMatchObject({ body: '', keepAlive: true });
  });

  it('ends the answer to a HEAD request at its head, whatever Content-Length it announces', () => {
    expect(parseEverySplit('HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n', { head: true })).toMatchObject({ status: 200, body: '' });
  });

  it('skips interim 1xx answers (100 Continue, 103 Early Hints) for the final one', () => {
    const wire = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok';
    const answer = parseEverySplit(wire);
    expect(answer).toMatchObject({ status: 201, body: 'ok' });
    expect(answer.headers.link).toBeUndefined();
  });

  it('keeps every Set-Cookie field on its own and joins other repeated fields', () => {
    const wire = 'HTTP/1.1 200 OK\r\nSet-Cookie: sid=a; Path=/\r\nSet-Cookie: lb=server-1; HttpOnly\r\nVary: accept\r\nVary: cookie\r\nContent-Length: 0\r\n\r\n';
    const answer = parseEverySplit(wire);
    expect(answer.setCookies).toEqual(['sid=a; Path=/', 'lb=server-1; HttpOnly']);
    expect(answer.headers.vary).toBe('accept, cookie');
  });

  it('does not reuse the connection after Connection: close, nor after HTTP/1.0 unless it says keep-alive', () => {
    expect(parseEverySplit('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx').keepAlive).toBe(false);
    expect(parseEverySplit('HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx').keepAlive).toBe(false);
    expect(parseEverySplit('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nx').keepAlive).toBe(true);
  });

  it("reads the server's idle limit from Keep-Alive: timeout=N", () => {
    expect(parseEverySplit('HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5, max=100\r\nContent-Length: 0\r\n\r\n').keepAliveMs).toBe(5000);
  });

  it('takes bare LF line ends and folded lines, as a lenient client does', () => {
    const answer = parseEverySplit('HTTP/1.1 200 OK\nX-Long: one\n  two\nContent-Length: 2\n\nhi');
    expect(answer).toMatchObject({ status: 200, body: 'hi' });
    expect(answer.headers['x-long']).toBe('one two');
  });

  it('lets Transfer-Encoding override Content-Length, and then does not reuse the connection', () => {
    const wire = 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n';
    expect(parseEverySplit(wire)).toMatchObject({ body: 'hi', keepAlive: false });
  });

  it('makes an answer followed by bytes nobody asked for the last on its connection', () => {
    const parser = new ResponseParser();
    parser.expect();
    expect(parser.feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n'))).toMatchObject({ keepAlive: false });
    expect(() => parser.feed(Buffer.from('more'))).toThrow(ResponseParseError);
  });

  it.each([
    ['a status line that is not HTTP/1.x', 'HTTP/2 200\r\n\r\n'],
    ['a field without a colon', 'HTTP/1.1 200 OK\r\nbroken\r\n\r\n'],
    ['two different Content-Lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx'],
    ['a Content-Length that is not a number', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'],
    ['a chunk size that is not hex', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['chunk data longer than its size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n'],
    ['a 101 that was not asked for', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n'],
  ])('refuses %s', (_, wire) => {
    const parser = new ResponseParser();
    parser.expect();
    expect(() => parser.feed(Buffer.from(wire))).toThrow(ResponseParseError);
  });

  it('refuses a head that never ends past 16 KiB', () => {
    const parser = new ResponseParser();
    parser.expect();
    expect(() => parser.feed(Buffer.from(`HTTP/1.1 200 OK\r\nX-Big: ${'x'.repeat(17 * 1024)}`))).toThrow(/longer than/);
  });

  it('keeps what it read when the caller reuses its read buffer, as the client does', () => {
    const parser = new ResponseParser();
    parser.expect();
    const reused = Buffer.alloc(64);
    const read = (text: string) => {
      const length = reused.write(text, 'latin1');
      const answer = parser.feed(reused.subarray(0, length));
      reused.fill('#');
      return answer;
    };
    expect(read('HTTP/1.1 200 OK\r\nContent-Le')).toBeUndefined();
    expect(read('ngth: 11\r\n\r\nhello')).toBeUndefined();
    expect(plain(read(' world'))).toMatchObject({ status: 200, body: 'hello world' });
    parser.expect();
    expect(read('HTTP/1.1 200 OK\r\n\r\nuntil ')).toBeUndefined();
    expect(read('the end')).toBeUndefined();
    expect(plain(parser.end())).toMatchObject({ body: 'until the end' });
  });

  it('reads answers one after another on one connection', () => {
    const parser = new ResponseParser();
    for (const body of ['first', 'second']) {
      parser.expect();
      expect(parser.received).toBe(false);
      expect(plain(parser.feed(Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`)))).toMatchObject({ body, keepAlive: true });
    }
  });
});
