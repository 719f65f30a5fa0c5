import { describe, expect, it } from 'vitest';
import { pick, STICKY_COOKIE } from '../../../src/balancer/strategies/sticky.js';
import { backends, policy, request } from './helpers.js';

describe('sticky', () => {
  const pool = backends('server-1', 'server-2', 'server-3');

  it('sets the SERVERID cookie on a first visit, dispatching round-robin', () => {
    const chosen = pick(pool, request({ seq: 4 }));
    expect(chosen?.backend.id).toBe('server-2');
    expect(chosen?.setCookie).toEqual({ name: STICKY_COOKIE, value: 'server-2' });
    expect(chosen?.rebind).toBeFalsy();
  });

  it('honours the cookie whatever the seq, without setting it again', () => {
    for (let seq = 0; seq < 6; seq++) {
      const chosen = pick(pool, request({ seq, cookies: { SERVERID: 'server-3' } }));
      expect(chosen?.backend.id).toBe('server-3');
      expect(chosen?.setCookie).toBeUndefined();
      expect(chosen?.rebind).toBeFalsy();
    }
  });

  it('redispatches, sets a new cookie and reports a rebind when its backend is gone', () => {
    const survivors = backends('server-1', 'server-3');
    const chosen = pick(survivors, request({ seq: 1, cookies: { SERVERID: 'server-2' } }));
    expect(chosen?.backend.id).toBe('server-3');
    expect(chosen?.setCookie).toEqual({ name: 'SERVERID', value: 'server-3' });
    expect(chosen?.rebind).toBe(true);
  });

  it('ignores other cookies', () => {
    const chosen = pick(pool, request({ seq: 0, cookies: { sid: 'server-3' } }));
    expect(chosen?.backend.id).toBe('server-1');
    expect(chosen?.rebind).toBeFalsy();
  });

  it('returns undefined for an empty pool, even with a cookie', () => {
    expect(pick([], request({ cookies: { SERVERID: 'server-1' } }))).toBeUndefined();
  });

  describe('with redispatch off', () => {
    const off = policy({ redispatch: false });

    it('refuses a session whose backend is down or draining, instead of moving it', () => {
      const chosen = pick(backends('server-1', 'server-3'), request({ cookies: { SERVERID: 'server-2' }, unavailable: backends('server-2'), policy: off }));
      expect(chosen).toBeUndefined();
    });

    it('still honours an available backend and dispatches newcomers', () => {
      const survivors = backends('server-1', 'server-3');
      const held = { unavailable: backends('server-2'), policy: off };
      expect(pick(survivors, request({ cookies: { SERVERID: 'server-3' }, ...held }))?.backend.id).toBe('server-3');
      const newcomer = pick(survivors, request({ seq: 1, ...held }));
      expect(newcomer?.setCookie).toEqual({ name: 'SERVERID', value: 'server-3' });
      expect(newcomer?.rebind).toBeFalsy();
    });

    it('moves a cookie that names no member (removed or forged), as a rebind', () => {
      const chosen = pick(pool, request({ seq: 0, cookies: { SERVERID: 'server-9' }, policy: off }));
      expect(chosen?.backend.id).toBe('server-1');
      expect(chosen?.rebind).toBe(true);
    });
  });
});
