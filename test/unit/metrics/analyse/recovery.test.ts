import { describe, expect, it } from 'vitest';
import { recoveryTime } from '../../../../src/metrics/analyse/recovery.js';
import type { ErrorBucket } from '../../../../src/metrics/analyse/recovery.js';

/** `count` buckets of 100 ms with 10 requests each; `errors(i)` of them fail in bucket i. */
function series(count: number, errors: (i: number) => number = () => 0): ErrorBucket[] {
  return Array.from({ length: count }, (_, i) => ({ requests: 10, errors: errors(i) }));
}

const between = (from: number, to: number, n = 10) => (i: number) => (i >= from && i < to ? n : 0);

describe('recoveryTime', () => {
  it('measures from the fault until the 500 ms error rate is back, and holds for 1 s', () => {
    // Crash at 4 s; every request fails from 4.0 s to 6.0 s; clean afterwards.
    const buckets = series(100, between(40, 60));
    // The first 500 ms window free of errors is [6.0 s, 6.5 s): measured at 6.5 s.
    expect(recoveryTime(buckets, 4000, 0)).toBe(2500);
  });

  it('is null when the rate is not back before the end of the load', () => {
    expect(recoveryTime(series(100, between(40, 100)), 4000, 0)).toBeNull();
  });

  it('is null when the rate is back but the end of the load comes within the 1 s hold', () => {
    // Errors until 9.0 s; the first clean window is at 9.5 s, the hold would end at 10.5 s.
    expect(recoveryTime(series(100, between(40, 90)), 4000, 0)).toBeNull();
    expect(recoveryTime(series(120, between(40, 90)), 4000, 0, { endMs: 10_000 })).toBeNull();
    expect(recoveryTime(series(120, between(40, 90)), 4000, 0)).toBe(5500);
  });

  it('is 0 when the rate never left the pre-fault level', () => {
    expect(recoveryTime(series(100), 4000, 0)).toBe(0);
    expect(recoveryTime(series(100), 4050, 0)).toBe(0);
  });

  it('tolerates one percentage point above a non-zero pre-fault rate, not more', () => {
    // Before: 1 error in 10 (10%); after the fault, 11% stays within, 12% does not.
    const steady = (i: number) => (i < 40 ? 1 : 0);
    const eleven = series(100, steady).map((b, i) => (i >= 40 ? { requests: 100, errors: 11 } : b));
    expect(recoveryTime(eleven, 4000, 0.1)).toBe(0);
    const twelve = series(100, steady).map((b, i) => (i >= 40 ? { requests: 100, errors: 12 } : b));
    expect(recoveryTime(twelve, 4000, 0.1)).toBeNull();
  });

  it('does not count a blip of good windows as recovered until it is stable for 1 s', () => {
    // Errors 4.0–4.5 s, clean 4.5–5.5 s, errors again 5.5–5.6 s, then clean.
    const errors = (i: number) => (between(40, 45)(i) || between(55, 56)(i));
    const buckets = series(100, errors);
    // Clean windows from 5.0 s, broken at 5.6 s (< 1 s later); stable from 6.1 s.
    expect(recoveryTime(buckets, 4000, 0)).toBe(2100);
    // With a 500 ms hold the first run of clean windows (5.0–5.5 s) would have counted.
    expect(recoveryTime(buckets, 4000, 0, { holdMs: 500 })).toBe(1000);
  });

  it('does not count silent windows (nothing served) as recovered', () => {
    // A pause from 3 s to 5 s: no request starts, then clean traffic again.
    const buckets = series(100).map((b, i) => (i >= 30 && i < 50 ? { requests: 0, errors: 0 } : b));
    // Windows reaching back before the pause are clean but stop at 3.5 s; traffic resumes
    // at 5.0 s, so the first window with requests again is measured at 5.1 s.
    expect(recoveryTime(buckets, 3000, 0)).toBe(2100);
  });

  it('honours the bucket width and window options', () => {
    // 1 s buckets and a 1 s window: errors in second 4 show at 5 s, clean from 6 s.
    const buckets = Array.from({ length: 20 }, (_, i) => ({ requests: 5, errors: i === 4 ? 5 : 0 }));
    expect(recoveryTime(buckets, 4000, 0, { bucketMs: 1000, windowMs: 1000, holdMs: 2000 })).toBe(2000);
    expect(recoveryTime(buckets, 4000, 0, { bucketMs: 1000, windowMs: 1000, holdMs: 15_000 })).toBeNull();
  });
});
