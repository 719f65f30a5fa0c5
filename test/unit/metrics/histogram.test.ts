import { describe, expect, it } from 'vitest';
import {
  createLatencyHistogram, decode, encode, HIGHEST_US, merge, recordLatency, summarize,
} from '../../../src/metrics/histogram.js';

/** A histogram holding 1 ms, 2 ms, … `n` ms (in µs), once each. */
function oneToN(n: number, from = 1) {
  const h = createLatencyHistogram();
  for (let ms = from; ms <= n; ms++) recordLatency(h, ms * 1000);
  return h;
}

describe('summarize', () => {
  it('gives all zeros for an empty histogram', () => {
    expect(summarize(createLatencyHistogram())).toEqual({ count: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
  });

  it('reports percentiles of 1..1000 ms in ms, within the 0.1% resolution', () => {
    const s = summarize(oneToN(1000));
    expect(s.count).toBe(1000);
    const within = (actual: number, expected: number) => expect(Math.abs(actual - expected) / expected).toBeLessThan(0.001);
    within(s.mean, 500.5);
    within(s.p50, 500);
    within(s.p90, 900);
    within(s.p99, 990);
    within(s.p999, 999);
    within(s.max, 1000);
  });

  it('keeps µs precision for small values and rounds to 3 decimals', () => {
    const h = createLatencyHistogram();
    recordLatency(h, 1234);
    const s = summarize(h);
    expect(s.p50).toBe(1.234);
    expect(s.max).toBe(1.234);
  });

  it('clamps values beyond 120 s instead of throwing, and negatives to 0', () => {
    const h = createLatencyHistogram();
    expect(() => recordLatency(h, 10 * HIGHEST_US)).not.toThrow();
    recordLatency(h, -5);
    recordLatency(h, Number.NaN);
    const s = summarize(h);
    expect(s.count).toBe(3);
    expect(s.max).toBeGreaterThanOrEqual(119_900);
    expect(s.max).toBeLessThanOrEqual(120_100);
  });
});

describe('encode / decode / merge', () => {
  it('round-trips through compressed base64 with the same summary', () => {
    const h = oneToN(1000);
    const text = encode(h);
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(summarize(decode(text))).toEqual(summarize(h));
  });

  it('merges shards so counts add up and percentiles match the whole', () => {
    const whole = oneToN(1000);
    const shards = [oneToN(300), oneToN(1000, 301), createLatencyHistogram()].map((h) => decode(encode(h)));
    const merged = merge(shards);
    expect(merged.totalCount).toBe(300 + 700 + 0);
    expect(summarize(merged)).toEqual(summarize(whole));
  });

  it('merges an empty list into an empty histogram', () => {
    expect(summarize(merge([])).count).toBe(0);
  });
});
