import { describe, expect, it } from 'vitest';
import { parseCookies } from '../../../src/balancer/cookies.js';
import { requestHeaders, responseHeaders } from '../../../src/balancer/headers.js';

describe('cookies', () => {
  it('parses a Cookie header, first occurrence wins', () => {
    expect(parseCookies('SERVERID=server-2; sid="abc"; sid=later; junk')).toEqual({ SERVERID: 'server-2', sid: 'abc' });
    expect(parseCookies(undefined)).toEqual({});
  });
});

describe('headers', () => {
  it('drops hop-by-hop request headers and appends X-Forwarded-For', () => {
    const raw = ['Host', 'x', 'Connection', 'keep-alive, X-Secret', 'X-Secret', '1', 'X-Forwarded-For', '10.0.0.1', 'Cookie', 'a=b'];
    expect(requestHeaders(raw, '127.0.0.1')).toEqual(['Host', 'x', 'Cookie', 'a=b', 'X-Forwarded-For', '10.0.0.1, 127.0.0.1']);
  });

  it('keeps every Set-Cookie and adds the strategy cookie', () => {
    const raw = ['Set-Cookie', 'sid=1; Path=/', 'set-cookie', 'theme=dark', 'Keep-Alive', 'timeout=5', 'x-server-id', 'server-1'];
    expect(responseHeaders(raw, { name: 'SERVERID', value: 'server-1' })).toEqual([
      'Set-Cookie',
      'sid=1; Path=/',
      'set-cookie',
      'theme=dark',
      'x-server-id',
      'server-1',
      'Set-Cookie',
      'SERVERID=server-1; Path=/',
    ]);
  });

  it('keeps Upgrade and Connection for a WebSocket handshake', () => {
    const raw = ['Connection', 'Upgrade', 'Upgrade', 'websocket'];
    expect(requestHeaders(raw, undefined, true)).toEqual(raw);
  });
});
