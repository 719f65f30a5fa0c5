import { describe, expect, it } from 'vitest';
import { CookieJar } from '../../../src/driver/cookie-jar.js';

describe('CookieJar', () => {
  it('stores cookies from one or many set-cookie headers and sends them back', () => {
    const jar = new CookieJar();
    jar.store(['sid=abc; HttpOnly; SameSite=Lax; Path=/', 'SERVERID=server-2; Path=/']);
    expect(jar.header()).toBe('sid=abc; SERVERID=server-2');
    jar.store('sid=def; Path=/');
    expect(jar.get('sid')).toBe('def');
  });

  it('forgets a cookie deleted with Max-Age=0 or a past Expires', () => {
    const jar = new CookieJar();
    jar.store(['a=1', 'b=2']);
    jar.store(['a=; Max-Age=0', 'b=; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    expect(jar.header()).toBeUndefined();
  });

  it('keeps the value whole when it holds "=" (a JWT does)', () => {
    const jar = new CookieJar();
    jar.store('sid=eyJ.abc=.sig==; Path=/');
    expect(jar.get('sid')).toBe('eyJ.abc=.sig==');
  });

  it('sends the cookies as they are now, after every change', () => {
    const jar = new CookieJar();
    jar.store('a=1');
    expect(jar.header()).toBe('a=1');
    jar.store('b=2');
    expect(jar.header()).toBe('a=1; b=2');
    jar.store('a=; Max-Age=0');
    expect(jar.header()).toBe('b=2');
    jar.clear();
    expect(jar.header()).toBeUndefined();
  });
});
