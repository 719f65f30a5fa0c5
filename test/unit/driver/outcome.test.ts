import { describe, expect, it } from 'vitest';
import { causeOf, classify } from '../../../src/driver/outcome.js';

describe('classify', () => {
  it('calls a 2xx ok', () => expect(classify({ status: 200, fromBalancer: false })).toBe('ok'));
  it("calls a target's 4xx and 5xx a definite fail", () => {
    expect(classify({ status: 401, fromBalancer: false })).toBe('fail');
    expect(classify({ status: 502, fromBalancer: false })).toBe('fail');
    expect(classify({ status: 503, fromBalancer: false })).toBe('fail');
  });
  it("calls a target's 504 indeterminate: its store got the command and did not answer in time", () =>
    expect(classify({ status: 504, fromBalancer: false })).toBe('indeterminate'));
  it("calls the balancer's 503 a fail: the request was never sent", () =>
    expect(classify({ status: 503, fromBalancer: true })).toBe('fail'));
  it("calls the balancer's 502 and 504 and no answer indeterminate", () => {
    expect(classify({ status: 502, fromBalancer: true })).toBe('indeterminate');
    expect(classify({ status: 504, fromBalancer: true })).toBe('indeterminate');
    expect(classify({ status: undefined, fromBalancer: false })).toBe('indeterminate');
  });
});

describe('causeOf', () => {
  const coded = (code: string, wrapped = false) => {
    const error = Object.assign(new Error(code), { code });
    return wrapped ? new Error('fetch failed', { cause: error }) : error;
  };

  it.each([
    [coded('UND_ERR_HEADERS_TIMEOUT'), 'timeout'],
    [coded('UND_ERR_SOCKET'), 'reset'],
    [coded('ECONNRESET', true), 'reset'],
    [coded('ECONNREFUSED', true), 'refused'],
    [new Error('odd'), 'other'],
  ])('names a transport error %s as %s', (error, cause) => {
    expect(causeOf({ status: undefined, fromBalancer: false, error })).toBe(cause);
  });

  it("names the balancer's own errors and any 504, and nothing for a target's answer", () => {
    expect(causeOf({ status: 502, fromBalancer: true })).toBe('status-502');
    expect(causeOf({ status: 503, fromBalancer: true })).toBe('status-503');
    expect(causeOf({ status: 504, fromBalancer: false })).toBe('status-504');
    expect(causeOf({ status: 502, fromBalancer: false })).toBeUndefined();
    expect(causeOf({ status: 401, fromBalancer: false })).toBeUndefined();
  });
});
