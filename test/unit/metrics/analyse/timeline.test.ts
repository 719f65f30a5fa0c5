import { describe, expect, it } from 'vitest';
import { timelinePoints } from '../../../../src/metrics/analyse/timeline.js';
import { historyOf, type RequestRecord } from '../../../../src/metrics/history.js';

/** A request whose outcome was known at `doneMs` (meant to start then, answered at once). */
const answered = (doneMs: number, outcome: RequestRecord['outcome'] = 'ok'): RequestRecord => ({ step: 'view', server: 'server-1', atMs: doneMs, latencyUs: 0, outcome });

describe('timelinePoints', () => {
  it('has one point per second of the run, empty seconds included', () => {
    const points = timelinePoints(historyOf({ requests: [answered(100), answered(999), answered(999), answered(3500, 'fail')] }), 4000);
    expect(points.map((p) => p.t)).toEqual([0, 1, 2, 3]);
    expect(points[0]).toEqual({ t: 0, requests: 3, errors: 0, lost: 0, consistency: 0, journeys: 0, completed: 0 });
    expect(points[1]).toEqual({ t: 1, requests: 0, errors: 0, lost: 0, consistency: 0, journeys: 0, completed: 0 });
    expect(points[3]).toMatchObject({ requests: 1, errors: 1 });
  });

  it('rounds a partial last second up', () => {
    expect(timelinePoints(historyOf({}), 2500)).toHaveLength(3);
    expect(timelinePoints(historyOf({}), 3000)).toHaveLength(3);
  });

  it('folds events after the end into the last second and before the start into the first', () => {
    const journeys = [['completed', 2000], ...Array.from({ length: 4 }, () => ['completed', 9000] as const), ['started', -50]] as const;
    const points = timelinePoints(historyOf({ journeys, requests: [answered(1e15), answered(-20, 'indeterminate')] }), 3000);
    expect(points).toHaveLength(3);
    expect(points[2]).toMatchObject({ completed: 5, requests: 1, errors: 0 });
    expect(points[0]).toMatchObject({ journeys: 1, requests: 1, errors: 1 });
  });

  it('places a request by when its outcome was known, and counts only what counts as an error', () => {
    const requests: RequestRecord[] = [
      // Meant to start at 0.9 s, answered at 2.4 s.
      { step: 'add', server: 'server-1', atMs: 900, latencyUs: 1_500_000, outcome: 'indeterminate' },
      // A 401 the driver counted as a session loss, not as an error.
      { step: 'add', server: 'server-2', atMs: 1200, latencyUs: 1000, outcome: 'fail', countsAsError: false },
    ];
    const points = timelinePoints(historyOf({ requests, journeys: [['lost', 1200], ['failed', 1300], ['dropped', 1400]], findings: [2999] }), 3000);
    expect(points.map((p) => [p.requests, p.errors, p.lost, p.consistency])).toEqual([
      [0, 0, 0, 0],
      [1, 0, 1, 0],
      [1, 1, 0, 1],
    ]);
  });

  it('lists the faults that fired in each second, in order, and only there; a revert as "<label> ends"', () => {
    const faults = [
      { label: 'crash server-2', startMs: 4999, endMs: 4999 },
      { label: 'crash server-1', startMs: 4000 },
      { label: 'restart server-1', startMs: 12_000, endMs: 12_000 },
      { label: 'pause server-3', startMs: 1000, endMs: 2500 },
    ];
    const points = timelinePoints(historyOf({ faults }), 6000);
    expect(points[1]?.faults).toEqual(['pause server-3']);
    expect(points[2]?.faults).toEqual(['pause server-3 ends']);
    expect(points[4]?.faults).toEqual(['crash server-1', 'crash server-2']);
    expect(points[5]?.faults).toEqual(['restart server-1']);
    expect(points[3]).not.toHaveProperty('faults');
  });
});
