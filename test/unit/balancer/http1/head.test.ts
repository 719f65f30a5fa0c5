import { describe, expect, it } from 'vitest';
import {
  isUpgrade,
  keepsAlive,
  parseRequestHead,
  parseResponseHead,
  requestFraming,
  responseFraming,
  type RequestHead,
  type ResponseHead,
} from '../../../../src/balancer/http1/head.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

function request(text: string): RequestHead {
  const parsed = parseRequestHead(bytes(text), 16 * 1024);
  if (parsed.kind !== 'head') throw new Error(`expected a head, got ${JSON.stringify(parsed)}`);
  return parsed.head;
}

function response(text: string): ResponseHead {
  const parsed = parseResponseHead(bytes(text), 16 * 1024);
  if (parsed.kind !== 'head') throw new Error(`expected a head, got ${JSON.stringify(parsed)}`);
  return parsed.head;
}

describe('request heads', () => {
  it('reads the start line and every field as sent, duplicates and case kept', () => {
    const text = 'POST /cart?x=1 HTTP/1.1\r\nHost: shop\r\nCookie: a=1\r\ncookie: SERVERID=b2\r\nX-Forwarded-For:  10.0.0.1 \r\nContent-Length: 3\r\n\r\n';
    const head = request(`${text}abc`);
    expect(head).toMatchObject({ method: 'POST', target: '/cart?x=1', minor: 1, length: text.length, contentLength: 3 });
    expect(head.raw).toEqual(['Host', 'shop', 'Cookie', 'a=1', 'cookie', 'SERVERID=b2', 'X-Forwarded-For', '10.0.0.1', 'Content-Length', '3']);
    expect(head.cookies).toEqual(['a=1', 'SERVERID=b2']);
    expect(requestFraming(head)).toEqual({ kind: 'length', length: 3 });
  });

  it('waits for the blank line, at any split', () => {
    const text = 'GET / HTTP/1.1\r\nHost: x\r\n\r\n';
    for (let cut = 0; cut < text.length; cut++) expect(parseRequestHead(bytes(text.slice(0, cut)), 1024)).toEqual({ kind: 'incomplete' });
    expect(parseRequestHead(bytes(text), 1024).kind).toBe('head');
  });

  it('says the head is too large past the limit, complete or not', () => {
    const big = `GET / HTTP/1.1\r\nCookie: ${'x'.repeat(2000)}\r\n`;
    expect(parseRequestHead(bytes(big), 1024)).toEqual({ kind: 'error', code: 'HPE_HEADER_OVERFLOW' });
    expect(parseRequestHead(bytes(`${big}\r\n`), 1024)).toEqual({ kind: 'error', code: 'HPE_HEADER_OVERFLOW' });
  });

  it('refuses what could be read two ways', () => {
    for (const text of [
      'NOT A REQUEST\r\n\r\n',
      'GET / HTTP/2.0\r\n\r\n',
      'GET / HTTP/1.1\r\nHost : x\r\n\r\n',
      'GET / HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n',
      'POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n',
      'POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n',
      'POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n',
      'POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n',
      'GET / HTTP/1.1\nHost: x\n\n',
      'GET /a\tb HTTP/1.1\r\n\r\n',
      'GET / HTTP/1.1\r\nX-A: 1\nX-B: 2\r\n\r\n',
    ]) {
      expect(parseRequestHead(bytes(text), 1024), text).toEqual({ kind: 'error', code: 'HPE_INVALID' });
    }
  });

  it('chunked when the last coding is chunked; the same length twice is one length', () => {
    expect(requestFraming(request('POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n'))).toEqual({ kind: 'chunked' });
    expect(requestFraming(request('POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n'))).toEqual({ kind: 'length', length: 2 });
    expect(requestFraming(request('GET / HTTP/1.1\r\n\r\n'))).toEqual({ kind: 'none' });
  });

  it('keep-alive by default in HTTP/1.1, only when asked in HTTP/1.0', () => {
    expect(keepsAlive(request('GET / HTTP/1.1\r\n\r\n'))).toBe(true);
    expect(keepsAlive(request('GET / HTTP/1.1\r\nConnection: close\r\n\r\n'))).toBe(false);
    expect(keepsAlive(request('GET / HTTP/1.0\r\n\r\n'))).toBe(false);
    expect(keepsAlive(request('GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n'))).toBe(true);
  });

  it('an upgrade needs both Upgrade and Connection: upgrade; Expect: 100-continue is noted', () => {
    expect(isUpgrade(request('GET /ws HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\n'))).toBe(true);
    expect(isUpgrade(request('GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n'))).toBe(false);
    expect(request('PUT / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n').expectContinue).toBe(true);
  });
});

describe('response heads', () => {
  it('reads status, reason and fields', () => {
    const head = response('HTTP/1.1 404 Not Found\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n');
    expect(head).toMatchObject({ status: 404, reason: 'Not Found', minor: 1, contentLength: 0 });
    expect(head.raw).toEqual(['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Content-Length', '0']);
    expect(response('HTTP/1.1 200\r\n\r\n')).toMatchObject({ status: 200, reason: '' });
    expect(parseResponseHead(bytes('HTTP/1.1 2000 OK\r\n\r\n'), 1024).kind).toBe('error');
  });

  it('finds how the body ends: none for HEAD, 1xx, 204 and 304; chunked; counted; else the connection', () => {
    const counted = response('HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n');
    expect(responseFraming(counted, 'GET')).toEqual({ kind: 'length', length: 12 });
    expect(responseFraming(counted, 'HEAD')).toEqual({ kind: 'none' });
    expect(responseFraming(response('HTTP/1.1 204 No Content\r\n\r\n'), 'GET')).toEqual({ kind: 'none' });
    expect(responseFraming(response('HTTP/1.1 304 Not Modified\r\nContent-Length: 12\r\n\r\n'), 'GET')).toEqual({ kind: 'none' });
    expect(responseFraming(response('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'), 'GET')).toEqual({ kind: 'chunked' });
    expect(responseFraming(response('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n'), 'GET')).toEqual({ kind: 'close' });
    expect(responseFraming(response('HTTP/1.0 200 OK\r\n\r\n'), 'GET')).toEqual({ kind: 'close' });
  });

  it('reads an answer with both Transfer-Encoding and Content-Length as chunked, and drops the length', () => {
    const head = response('HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n');
    expect(responseFraming(head, 'GET')).toEqual({ kind: 'chunked' });
    expect(head.raw).toEqual(['Transfer-Encoding', 'chunked', 'X-A', '1']);
  });
});
