import { describe, expect, it } from 'vitest';
import { ErrorTimeline } from '../../../src/metrics/error-timeline.js';

describe('ErrorTimeline', () => {
  it('counts requests and errors per 100 ms, empty buckets included', () => {
    const tl = new ErrorTimeline();
    tl.add(0, false);
    tl.add(99, true);
    tl.add(250, true);
    expect(tl.buckets(400)).toEqual([
      { requests: 2, errors: 1 },
      { requests: 0, errors: 0 },
      { requests: 1, errors: 1 },
      { requests: 0, errors: 0 },
    ]);
  });

  it('folds requests started before the load into the first bucket and after it into the last', () => {
    const tl = new ErrorTimeline();
    tl.add(-20, true);
    tl.add(1e15, false);
    tl.add(450, false);
    expect(tl.buckets(300)).toEqual([
      { requests: 1, errors: 1 },
      { requests: 0, errors: 0 },
      { requests: 2, errors: 0 },
    ]);
  });
});
