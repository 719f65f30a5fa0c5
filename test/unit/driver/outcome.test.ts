import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/driver/outcome.js';

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
