import { describe, expect, it } from 'vitest';
import { phaseBounds, phaseFigures } from '../../../../src/metrics/analyse/phases.js';
import { historyOf, type FaultWindow, type RequestRecord } from '../../../../src/metrics/history.js';
import { Recorder } from '../../../../src/metrics/recorder.js';

/** One request every 100 ms for `durationMs`; those meant to start in [3 s, 5 s) are held until 5.5 s and time out. */
function pausedLoad(durationMs: number): RequestRecord[] {
  const requests: RequestRecord[] = [];
  for (let atMs = 0; atMs < durationMs; atMs += 100) {
    const held = atMs >= 3000 && atMs < 5000;
    requests.push({ step: 'add', server: held ? '-' : 'server-1', atMs, latencyUs: held ? (5500 - atMs) * 1000 : 2000, outcome: held ? 'indeterminate' : 'ok' });
  }
  return requests;
}

const PAUSE: FaultWindow = { label: 'pause server-1', startMs: 3000, endMs: 5000 };

describe('phaseFigures', () => {
  it('counts outcomes where they were known and latency where it was meant to start', () => {
    const [phase] = phaseFigures(historyOf({ requests: pausedLoad(10_000), faults: [PAUSE] }), 10_000);
    expect(phase).toMatchObject({ label: 'pause server-1', startMs: 3000, endMs: 5000 });
    expect(phase!.before).toMatchObject({ fromMs: 0, toMs: 3000, requests: 30, errors: 0, throughput: 10 });
    // The 20 held requests are given up on at 5.5 s, after the window: they count there.
    expect(phase!.during).toMatchObject({ fromMs: 3000, toMs: 5000, requests: 0, errors: 0 });
    expect(phase!.after).toMatchObject({ fromMs: 5000, toMs: 10_000, requests: 70, errors: 20, errorRate: 0.2857 });
    // Their latency stays with their intended start, inside the window.
    expect(phase!.during.latency.count).toBe(20);
    expect(phase!.during.latency.max).toBeCloseTo(2500, -1);
    expect(phase!.after.latency.max).toBeCloseTo(2, 1);
    // The give-ups land in the 100 ms bucket of 5.5 s: the first clean 500 ms window is
    // [5.6 s, 6.1 s), measured at 6.1 s, 3.1 s after the fault.
    expect(phase!.recoveryMs).toBe(3100);
  });

  it('puts requests in the right phase when a fault boundary is reported late', () => {
    const inTime = new Recorder();
    const late = new Recorder();
    const end = inTime.recordFaultWindow(PAUSE.label, PAUSE.startMs);
    for (const request of pausedLoad(10_000)) {
      inTime.recordRequest(request);
      late.recordRequest(request);
      if (request.atMs === 5000) end(5000);
    }
    // The scheduler learnt of the pause only after the whole load had been recorded.
    late.recordFaultWindow(PAUSE.label, PAUSE.startMs)(PAUSE.endMs!);
    const [phase] = late.snapshot(10_000).phases;
    expect(phase!.before).toMatchObject({ requests: 30, errors: 0 });
    expect(phase!.during.latency.count).toBe(20);
    expect(phase!.after).toMatchObject({ requests: 70, errors: 20 });
    expect(late.snapshot(10_000)).toEqual(inTime.snapshot(10_000));
  });

  it('gives the same figures whatever order the history was recorded in', () => {
    const requests = pausedLoad(6000);
    const journeys = [['started', 0], ['lost', 3200], ['completed', 5600], ['failed', 5700]] as const;
    const crash: FaultWindow = { label: 'crash server-2', startMs: 4200, endMs: 4200 };
    const forward = historyOf({ requests, journeys, faults: [PAUSE, crash], findings: [3300, 5900] });
    const backward = historyOf({ requests: [...requests].reverse(), journeys: [...journeys].reverse(), faults: [crash, PAUSE], findings: [5900, 3300] });
    expect(phaseFigures(backward, 6000)).toEqual(phaseFigures(forward, 6000));
  });

  it('counts session losses and consistency errors in the span they happened in', () => {
    const history = historyOf({ requests: pausedLoad(10_000), journeys: [['lost', 3100], ['lost', 4900], ['lost', 5000]], faults: [PAUSE], findings: [2999, 4000, 10_400] });
    const [phase] = phaseFigures(history, 10_000);
    expect([phase!.before.lost, phase!.during.lost, phase!.after.lost]).toEqual([0, 2, 1]);
    // A finding after the load folds into the last span.
    expect([phase!.before.consistencyErrors, phase!.during.consistencyErrors, phase!.after.consistencyErrors]).toEqual([1, 1, 1]);
  });

  it('has no phases without a fault window', () => {
    expect(phaseFigures(historyOf({ requests: pausedLoad(3000) }), 3000)).toEqual([]);
  });
});

describe('phaseBounds', () => {
  it('chains windows in firing order, gives a crash the second after it, and clips to the load', () => {
    const windows: FaultWindow[] = [
      { label: 'crash server-2', startMs: 6000, endMs: 6000 },
      { label: 'pause server-1', startMs: 2000, endMs: 3000 },
      { label: 'store-outage', startMs: 8000 },
      { label: 'late', startMs: 12_000, endMs: 13_000 },
    ];
    expect(phaseBounds(windows, 10_000).map((b) => [b.window.label, b.before, b.during, b.after])).toEqual([
      ['pause server-1', [0, 2000], [2000, 3000], [3000, 6000]],
      ['crash server-2', [3000, 6000], [6000, 7000], [7000, 8000]],
      ['store-outage', [7000, 8000], [8000, 10_000], [10_000, 10_000]],
      ['late', [10_000, 10_000], [10_000, 10_000], [10_000, 10_000]],
    ]);
  });
});
