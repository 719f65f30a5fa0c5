import { describe, expect, it } from 'vitest';
import { decode, merge, summarize } from '../../../src/metrics/histogram.js';
import { NO_SERVER, Recorder } from '../../../src/metrics/recorder.js';

/** Two journeys: one completes; one loses its session to a 401 after server-1 crashed. */
function feed(): Recorder {
  const r = new Recorder();
  r.recordJourney('started', 0);
  r.recordRequest({ step: 'login', server: 'server-1', atMs: 10, latencyUs: 1000, outcome: 'ok' });
  r.recordJourney('started', 20);
  r.recordRequest({ step: 'login', server: 'server-2', atMs: 20, latencyUs: 3000, outcome: 'ok' });
  r.recordRequest({ step: 'add', server: 'server-10', atMs: 900, latencyUs: 2000, outcome: 'ok' });
  r.recordFault(1000, 'crash server-1');
  // The crash cuts a request off: no answer, no server id.
  r.recordRequest({ step: 'add', server: '-', atMs: 1100, latencyUs: 5_000_000, outcome: 'indeterminate' });
  // The balancer sends the user elsewhere: 401, counted as a loss, not an error.
  r.recordRequest({ step: 'add', server: 'server-2', atMs: 1200, latencyUs: 4000, outcome: 'fail', countsAsError: false });
  r.recordJourney('lost', 1200);
  r.recordRequest({ step: 'checkout', server: 'server-2', atMs: 2100, latencyUs: 6000, outcome: 'fail' });
  r.recordJourney('completed', 2100);
  return r;
}

describe('Recorder.snapshot', () => {
  it('counts journeys and the session-loss rate', () => {
    const s = feed().snapshot(3000);
    expect(s.journeys).toEqual({ started: 2, completed: 1, lost: 1, failed: 0 });
    expect(s.sessionLoss).toEqual({ journeys: 1, rate: 0.5 });
  });

  it('rounds the rate to 4 decimals and gives 0 when nothing started', () => {
    const r = new Recorder();
    for (let i = 0; i < 3; i++) r.recordJourney('started', 0);
    r.recordJourney('lost', 0);
    expect(r.snapshot(1000).sessionLoss.rate).toBe(0.3333);
    expect(new Recorder().snapshot(1000).sessionLoss).toEqual({ journeys: 0, rate: 0 });
  });

  it('counts errors without the 401s the driver counted as losses', () => {
    const { requests } = feed().snapshot(3000);
    expect(requests.total).toBe(6);
    expect(requests.errors).toBe(2);
    expect(requests.byOutcome).toEqual({ ok: 3, fail: 2, indeterminate: 1 });
  });

  it('counts requests per answering server, sorted naturally, without "-"', () => {
    const { requests } = feed().snapshot(3000);
    expect(requests.byServer).toEqual({ 'server-1': 1, 'server-2': 3, 'server-10': 1 });
    expect(Object.keys(requests.byServer)).toEqual(['server-1', 'server-2', 'server-10']);
  });

  it('keeps latency of every request overall and per step, with mergeable encodings', () => {
    const s = feed().snapshot(3000);
    expect(s.latency.count).toBe(6);
    expect(s.latency.max).toBeCloseTo(5000, -1);
    expect(Object.keys(s.latencyByStep)).toEqual(['add', 'checkout', 'login']);
    expect(s.latencyByStep.login?.count).toBe(2);
    // 6 ms, to HDR's 0.1% resolution.
    expect(s.latencyByStep.checkout?.p50).toBeGreaterThanOrEqual(6);
    expect(s.latencyByStep.checkout?.p50).toBeLessThan(6.006);
    expect(Object.keys(s.histograms).sort()).toEqual(['add', 'checkout', 'login', 'overall']);
    const steps = ['add', 'checkout', 'login'].map((k) => decode(s.histograms[k]!));
    expect(summarize(merge(steps))).toEqual(s.latency);
    expect(summarize(decode(s.histograms.overall!))).toEqual(s.latency);
  });

  it('builds the timeline: requests and errors per second they were answered in, losses, journeys, faults', () => {
    const { timeline } = feed().snapshot(3000);
    expect(timeline).toEqual([
      { t: 0, requests: 3, errors: 0, lost: 0, consistency: 0, journeys: 2, completed: 0 },
      { t: 1, requests: 1, errors: 0, lost: 1, consistency: 0, journeys: 0, completed: 0, faults: ['crash server-1'] },
      // The add cut off at 1.1 s gave up at 6.1 s, after the load: it folds into the last second.
      { t: 2, requests: 2, errors: 2, lost: 0, consistency: 0, journeys: 0, completed: 1 },
    ]);
  });

  it('is plain JSON and can be taken more than once', () => {
    const r = feed();
    const a = r.snapshot(3000);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(r.snapshot(3000)).toEqual(a);
  });
});

describe('Recorder: the open model and causes', () => {
  it('counts dropped arrivals apart from started journeys, and shows them in an open run even at 0', () => {
    const open = new Recorder({ model: 'open' });
    expect(open.snapshot(1000).journeys).toEqual({ started: 0, completed: 0, lost: 0, failed: 0, dropped: 0 });
    open.recordJourney('started', 10);
    open.recordJourney('dropped', 20);
    open.recordJourney('dropped', 30);
    expect(open.snapshot(1000).journeys).toMatchObject({ started: 1, dropped: 2 });
    expect(new Recorder().snapshot(1000).journeys).not.toHaveProperty('dropped');
  });

  it('counts why requests had no definite answer, and nothing for those that had one', () => {
    const r = new Recorder();
    r.recordRequest({ step: 'add', server: NO_SERVER, atMs: 0, sentAtMs: 5, latencyUs: 2_000_000, outcome: 'indeterminate', cause: 'timeout' });
    r.recordRequest({ step: 'add', server: 'balancer', atMs: 0, latencyUs: 900, outcome: 'indeterminate', cause: 'status-502' });
    r.recordRequest({ step: 'add', server: 'balancer', atMs: 0, latencyUs: 900, outcome: 'fail', cause: 'status-503' });
    r.recordRequest({ step: 'add', server: 'server-1', atMs: 0, latencyUs: 900, outcome: 'ok' });
    expect(r.snapshot(1000).requests.indeterminateBy).toEqual({ 'status-502': 1, 'status-503': 1, timeout: 1 });
    expect(new Recorder().snapshot(1000).requests).not.toHaveProperty('indeterminateBy');
  });
});
