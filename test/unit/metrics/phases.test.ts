import { describe, expect, it } from 'vitest';
import { Recorder } from '../../../src/metrics/recorder.js';

interface Load {
  /** Latency of a request meant to start at `atMs`, in ms. */
  readonly latencyMs?: (atMs: number) => number;
  readonly fails?: (atMs: number) => boolean;
}

type Event = { readonly doneMs: number; readonly apply: (r: Recorder) => void };

/**
 * A hand-made run of `durationMs`: one request every 50 ms, plus `extra` events (faults,
 * reverts), all fed to a Recorder in the order they complete, as the driver would.
 */
function run(durationMs: number, load: Load, extra: Event[] = []): Recorder {
  const { latencyMs = () => 2, fails = () => false } = load;
  const events: Event[] = [...extra];
  for (let atMs = 0; atMs < durationMs; atMs += 50) {
    const latency = latencyMs(atMs);
    const outcome = fails(atMs) ? 'fail' : 'ok';
    events.push({
      doneMs: atMs + latency,
      apply: (r) => r.recordRequest({ step: 'add', server: 'server-1', atMs, latencyUs: latency * 1000, outcome }),
    });
  }
  const r = new Recorder();
  for (const event of events.sort((a, b) => a.doneMs - b.doneMs)) event.apply(r);
  return r;
}

/** A fault window from `startMs` to `endMs`, recorded when it fires and when it is reverted. */
function window(label: string, startMs: number, endMs: number): Event[] {
  let end: ((atMs: number) => void) | undefined;
  return [
    { doneMs: startMs, apply: (r) => (end = r.recordFaultWindow(label, startMs)) },
    { doneMs: endMs, apply: () => end?.(endMs) },
  ];
}

const inside = (from: number, to: number) => (atMs: number) => atMs >= from && atMs < to;

describe('Recorder phases', () => {
  it('shows a pause: p99 during far above before and after, spans chained, reverts on the timeline', () => {
    const paused = inside(3000, 5000);
    const r = run(10_000, { latencyMs: (at) => (paused(at) ? 2000 : 2) }, window('pause server-2', 3000, 5000));
    const s = r.snapshot(10_000);
    expect(s.phases).toHaveLength(1);
    const [phase] = s.phases;
    // Nothing is answered while the only server is paused: the fleet is back when the
    // held requests are answered, 2.1 s after the fault (the first 100 ms edge past 5.0 s).
    expect(phase).toMatchObject({ label: 'pause server-2', startMs: 3000, endMs: 5000, recoveryMs: 2100 });
    expect(phase!.before).toMatchObject({ fromMs: 0, toMs: 3000, requests: 60, errors: 0, throughput: 20 });
    expect(phase!.during).toMatchObject({ fromMs: 3000, toMs: 5000, requests: 0, throughput: 0 });
    // The 40 requests held by the pause are answered after it: they count where they were.
    expect(phase!.after).toMatchObject({ fromMs: 5000, toMs: 10_000, requests: 140, throughput: 28 });
    // Their latency stays with their intended start (no coordinated omission).
    expect(phase!.during.latency.count).toBe(40);
    expect(phase!.during.latency.p99).toBeGreaterThan(100 * phase!.before.latency.p99);
    expect(phase!.during.latency.p99).toBeGreaterThan(100 * phase!.after.latency.p99);
    expect(phase!.after.latency.p99).toBeLessThan(3);
    expect(s.timeline[3]?.faults).toEqual(['pause server-2']);
    expect(s.timeline[5]?.faults).toEqual(['pause server-2 ends']);
  });

  it('shows errors and session losses during a window, none after, and the recovery time', () => {
    const out = inside(3000, 5000);
    const losses: Event[] = [3100, 4200].map((at) => ({ doneMs: at, apply: (r) => r.recordJourney('lost', at) }));
    const r = run(10_000, { fails: out }, [...window('store-outage', 3000, 5000), ...losses]);
    const [phase] = r.snapshot(10_000).phases;
    expect(phase!.before).toMatchObject({ errors: 0, errorRate: 0, lost: 0 });
    expect(phase!.during).toMatchObject({ requests: 40, errors: 40, errorRate: 1, lost: 2 });
    expect(phase!.after).toMatchObject({ errors: 0, errorRate: 0, lost: 0 });
    // Errors until 5.0 s: the first clean 500 ms window ends at 5.5 s, 2.5 s after the fault.
    expect(phase!.recoveryMs).toBe(2500);
  });

  it('counts consistency errors found after the load in the phase and the second they happened in', () => {
    const r = run(10_000, {}, window('partition', 3000, 5000));
    // The checker runs after the load; its findings carry the time of the operation.
    r.recordConsistencyErrors([3500, 4100, 4900, 10_400]);
    const s = r.snapshot(10_000);
    const [phase] = s.phases;
    expect(phase!.before.consistencyErrors).toBe(0);
    expect(phase!.during.consistencyErrors).toBe(3);
    // A finding of the final audit, after the load, folds into the last span and second.
    expect(phase!.after.consistencyErrors).toBe(1);
    expect(s.timeline.map((p) => p.consistency)).toEqual([0, 0, 0, 1, 2, 0, 0, 0, 0, 1]);
    expect(run(10_000, {}, window('partition', 3000, 5000)).snapshot(10_000).phases[0]!.during.consistencyErrors).toBe(0);
  });

  it('gives a crash (zero-length window) the second after it as its `during`', () => {
    const r = run(10_000, { fails: inside(4000, 4300) }, [{ doneMs: 4000, apply: (rec) => rec.recordFault(4000, 'crash server-1') }]);
    const s = r.snapshot(10_000);
    const [phase] = s.phases;
    expect(phase).toMatchObject({ label: 'crash server-1', startMs: 4000, endMs: 4000 });
    expect(phase!.before).toMatchObject({ fromMs: 0, toMs: 4000, requests: 80 });
    expect(phase!.during).toMatchObject({ fromMs: 4000, toMs: 5000, requests: 20, errors: 6, errorRate: 0.3 });
    expect(phase!.after).toMatchObject({ fromMs: 5000, toMs: 10_000, requests: 100, errors: 0 });
    expect(phase!.recoveryMs).toBe(800);
    expect(s.timeline.flatMap((p) => p.faults ?? [])).toEqual(['crash server-1']);
  });

  it('treats end(startMs) as a fault without a revert', () => {
    const r = new Recorder();
    r.recordFaultWindow('restart server-1', 2000)(2000);
    const s = r.snapshot(5000);
    expect(s.phases[0]).toMatchObject({ startMs: 2000, endMs: 2000, during: { fromMs: 2000, toMs: 3000 } });
    expect(s.timeline.flatMap((p) => p.faults ?? [])).toEqual(['restart server-1']);
  });

  it('places a request\'s outcome where it was known and its latency where it was meant to start', () => {
    const r = new Recorder();
    const end = r.recordFaultWindow('pause server-2', 3000);
    end(5000);
    // Both complete long after the window: started just before it, and just before its end.
    r.recordRequest({ step: 'add', server: 'server-2', atMs: 2990, latencyUs: 9_000_000, outcome: 'ok' });
    r.recordRequest({ step: 'add', server: 'server-2', atMs: 4990, latencyUs: 7_000_000, outcome: 'indeterminate' });
    r.recordJourney('lost', 5000);
    const [phase] = r.snapshot(10_000).phases;
    expect(phase!.before).toMatchObject({ requests: 0, errors: 0 });
    expect(phase!.before.latency.count).toBe(1);
    expect(phase!.before.latency.max).toBeCloseTo(9000, -1);
    expect(phase!.during).toMatchObject({ requests: 0, errors: 0, lost: 0 });
    expect(phase!.during.latency.count).toBe(1);
    expect(phase!.during.latency.max).toBeCloseTo(7000, -1);
    // Answered (or given up) at 12 s, after the load: folded into the last span.
    expect(phase!.after).toMatchObject({ requests: 2, errors: 1, lost: 1 });
    expect(phase!.after.latency.count).toBe(0);
  });

  it('counts a crash\'s errors at or after the crash, even for requests meant to start before it', () => {
    const r = new Recorder();
    r.recordRequest({ step: 'add', server: 'server-1', atMs: 500, latencyUs: 2000, outcome: 'ok' });
    r.recordFault(1000, 'crash server-1');
    // Sent at 0.95 s to server-1, cut off by the crash: the error is known at 1.05 s.
    r.recordRequest({ step: 'add', server: '-', atMs: 950, latencyUs: 100_000, outcome: 'indeterminate' });
    r.recordRequest({ step: 'view', server: 'server-2', atMs: 1500, latencyUs: 2000, outcome: 'ok' });
    for (let atMs = 2000; atMs < 4000; atMs += 100) {
      r.recordRequest({ step: 'view', server: 'server-2', atMs, latencyUs: 2000, outcome: 'ok' });
    }
    const s = r.snapshot(4000);
    const [phase] = s.phases;
    expect(phase!.before).toMatchObject({ requests: 1, errors: 0, errorRate: 0 });
    expect(phase!.during).toMatchObject({ requests: 2, errors: 1 });
    // Its latency belongs to its intended start, before the crash.
    expect(phase!.before.latency.count).toBe(2);
    expect(s.timeline.map((p) => p.errors)).toEqual([0, 1, 0, 0]);
    // The error rate left its pre-fault level of 0, so the recovery is not "0 s".
    expect(phase!.recoveryMs).toBeGreaterThan(0);
  });

  it('chains several windows: one\'s after is the next one\'s before; an unended window lasts to the end', () => {
    const r = run(10_000, {}, [...window('pause server-1', 2000, 3000)]);
    r.recordFault(6000, 'crash server-2');
    r.recordFaultWindow('store-outage', 8000);
    const phases = r.snapshot(10_000).phases;
    expect(phases.map((p) => [p.label, p.before.fromMs, p.before.toMs, p.during.toMs, p.after.toMs])).toEqual([
      ['pause server-1', 0, 2000, 3000, 6000],
      ['crash server-2', 3000, 6000, 7000, 8000],
      ['store-outage', 7000, 8000, 10_000, 10_000],
    ]);
    expect(phases[0]!.after).toEqual(phases[1]!.before);
    expect(phases[2]).toMatchObject({ endMs: 10_000, after: { requests: 0, throughput: 0 } });
  });

  it('has no phases without faults, and is plain JSON', () => {
    expect(run(3000, {}).snapshot(3000).phases).toEqual([]);
    const s = run(10_000, {}, window('pause server-2', 3000, 12_000)).snapshot(10_000);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe('recovery counts session losses too', () => {
  it('is not reached while 401s (not request errors) keep coming, and is 0 when nothing went wrong', () => {
    const lossesUntil = (untilMs: number) => {
      const r = new Recorder();
      r.recordFault(4000, 'crash server-1');
      for (let atMs = 0; atMs < 10_000; atMs += 50) {
        const lost = atMs >= 4000 && atMs < untilMs;
        r.recordRequest({ step: 'view', server: 'server-2', atMs, latencyUs: 2000, outcome: lost ? 'fail' : 'ok', countsAsError: false });
      }
      return r.snapshot(10_000).phases[0]!;
    };
    const phase = lossesUntil(6000);
    expect(phase.during.errors).toBe(0);
    expect(phase.recoveryMs).toBeGreaterThanOrEqual(2000);
    expect(lossesUntil(4000).recoveryMs).toBe(0);
  });
});
