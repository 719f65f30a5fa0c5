import { describe, expect, it } from 'vitest';
import { Timeline } from '../../../src/metrics/timeline.js';

describe('Timeline', () => {
  it('has one point per second of the run, empty seconds included', () => {
    const tl = new Timeline();
    tl.add(100, 'requests');
    tl.add(999, 'requests', 2);
    tl.add(3500, 'errors');
    const points = tl.points(4000);
    expect(points.map((p) => p.t)).toEqual([0, 1, 2, 3]);
    expect(points[0]).toEqual({ t: 0, requests: 3, errors: 0, lost: 0, consistency: 0, journeys: 0, completed: 0 });
    expect(points[1]).toEqual({ t: 1, requests: 0, errors: 0, lost: 0, consistency: 0, journeys: 0, completed: 0 });
    expect(points[3]?.errors).toBe(1);
  });

  it('rounds a partial last second up', () => {
    expect(new Timeline().points(2500)).toHaveLength(3);
    expect(new Timeline().points(3000)).toHaveLength(3);
  });

  it('folds events after the end into the last second and before the start into the first', () => {
    const tl = new Timeline();
    tl.add(2000, 'completed');
    tl.add(9000, 'completed', 4);
    tl.add(-50, 'journeys');
    const points = tl.points(3000);
    expect(points).toHaveLength(3);
    expect(points[2]?.completed).toBe(5);
    expect(points[0]?.journeys).toBe(1);
  });

  it('lists the faults that fired in each second, in order, and only there', () => {
    const tl = new Timeline();
    tl.addFault(4000, 'crash server-1');
    tl.addFault(4999, 'crash server-2');
    tl.addFault(12_000, 'restart server-1');
    const points = tl.points(6000);
    expect(points[4]?.faults).toEqual(['crash server-1', 'crash server-2']);
    expect(points[5]?.faults).toEqual(['restart server-1']);
    expect(points[3]).not.toHaveProperty('faults');
  });
});
